import Foundation

/// The real model server tests talk to: llama.cpp's `llama-server` with SmolLM2-135M that
/// `scripts/with-llm` starts (its base URL arrives in `SWITCHBOARD_TEST_LLM_URL`; it serves both
/// the OpenAI and the Anthropic endpoints). Suites that need it are enabled when the variable is
/// set — and also under CI (`CI` set), where a missing server must fail the test with a clear
/// message rather than skip it silently.
public enum TestModelServer {
    public static var url: String? { ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_LLM_URL"] }

    /// Whether suites that need the model run: with a server, or under CI (to fail there).
    public static var shouldRun: Bool { url != nil || ProcessInfo.processInfo.environment["CI"] != nil }

    public static let missing = "SWITCHBOARD_TEST_LLM_URL is not set: run the tests under scripts/with-llm (scripts/test does)"
}
