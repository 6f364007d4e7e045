import Foundation
import NIOConcurrencyHelpers
import SwitchboardProtocol
import SwitchboardTesting
import Testing

@testable import SwitchboardAgents

/// Both wire protocols against a stub model server on loopback (real sockets, scripted
/// answers): each fault maps to a retry, a failover or a clear error with a stable code.
@Suite("Model providers under faults")
struct ProviderFaultTests {
    static let quickRetry = LLMRetryPolicy(attempts: 3, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(20))
    static let request = LLMRequest(purpose: "test", instructions: "Be brief.", template: "Spent {cost}.", facts: ["cost": "$5.00"])

    static func completion(_ text: String, finish: String = "stop") -> String {
        #"{"choices":[{"message":{"role":"assistant","content":"\#(text)"},"finish_reason":"\#(finish)"}],"usage":{"prompt_tokens":11,"completion_tokens":3}}"#
    }

    static func chunks(_ pieces: [String], finish: String = "stop") -> [String] {
        pieces.map { #"data: {"choices":[{"delta":{"content":"\#($0)"},"finish_reason":null}]}"# + "\n\n" }
            + [#"data: {"choices":[{"delta":{},"finish_reason":"\#(finish)"}]}"# + "\n\n",
               #"data: {"choices":[],"usage":{"prompt_tokens":11,"completion_tokens":\#(pieces.count)}}"# + "\n\n", "data: [DONE]\n\n"]
    }

    static func openAI(_ stub: StubModelServer, name: String = "primary", key: String? = nil, readTimeout: Duration = .seconds(5))
        -> OpenAICompatibleProvider
    {
        OpenAICompatibleProvider(
            endpoint: LLMEndpoint(name: name, baseURL: stub.baseURL, model: "stub-model", apiKey: key, readTimeout: readTimeout),
            retry: quickRetry)
    }

    static func collect(_ stream: AsyncThrowingStream<LLMDelta, any Error>) async throws -> [LLMDelta] {
        var deltas: [LLMDelta] = []
        for try await delta in stream { deltas.append(delta) }
        return deltas
    }

    @Test("500s are retried with backoff until an answer; usage and text are read")
    func serverErrorsAreRetried() async throws {
        let stub = try await StubModelServer.start { index, _ in
            index < 2 ? .status(503, body: #"{"error":{"message":"overloaded"}}"#) : .json(Self.completion("Spent $5.00."))
        }
        let provider = Self.openAI(stub)
        let answer = try await provider.complete(Self.request)
        #expect(answer.text == "Spent $5.00.")
        #expect(answer.usage == LLMUsage(inputTokens: 11, outputTokens: 3))
        #expect(stub.requests.count == 3)
        #expect(stub.requests.allSatisfy { $0.path == "/v1/chat/completions" && $0.method == "POST" })
        await provider.shutdown()
        try await stub.stop()
    }

    @Test("429 waits what Retry-After asks before the next try")
    func retryAfterIsHonoured() async throws {
        let stub = try await StubModelServer.start { index, _ in
            index == 0 ? .status(429, headers: ["retry-after": "1"], body: #"{"error":{"message":"slow down"}}"#)
                : .json(Self.completion("ok"))
        }
        let provider = Self.openAI(stub)
        let started = ContinuousClock.now
        _ = try await provider.complete(Self.request)
        #expect(ContinuousClock.now - started >= .milliseconds(950))
        #expect(stub.requests.count == 2)
        await provider.shutdown()
        try await stub.stop()
    }

    @Test("401 is not retried, keeps the provider's message, and never shows the key")
    func unauthorizedIsNotRetried() async throws {
        let stub = try await StubModelServer.start { _, _ in .status(401, body: #"{"error":{"message":"Invalid API key"}}"#) }
        let provider = Self.openAI(stub, key: "sk-secret-123")
        do {
            _ = try await provider.complete(Self.request)
            Issue.record("a 401 answered")
        } catch let error as LLMError {
            #expect(error.code == .unauthorized && error.status == 401 && error.message == "Invalid API key")
            #expect(!"\(error)".contains("sk-secret-123"))
        }
        #expect(stub.requests.count == 1)
        #expect(stub.requests.first?.headers["authorization"] == "Bearer sk-secret-123")
        #expect(!"\(provider.endpoint)".contains("sk-secret-123"))
        await provider.shutdown()
        try await stub.stop()
    }

    @Test("a stream arrives delta by delta with its usage; finish_reason length marks it truncated")
    func openAIStream() async throws {
        let stub = try await StubModelServer.start { index, _ in
            .events(Self.chunks(["Spent ", "$5.00", "."], finish: index == 0 ? "stop" : "length"))
        }
        let provider = Self.openAI(stub)
        let deltas = try await Self.collect(provider.stream(Self.request))
        #expect(deltas.map(\.text).joined() == "Spent $5.00.")
        #expect(deltas.last?.usage == LLMUsage(inputTokens: 11, outputTokens: 3))
        #expect(deltas.last?.truncated == false)
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(try #require(stub.requests.first?.body).utf8))
        #expect(body["stream"] == true && body["stream_options"]?["include_usage"] == true && body["model"] == "stub-model")
        #expect(try await Self.collect(provider.stream(Self.request)).last?.truncated == true)
        await provider.shutdown()
        try await stub.stop()
    }

    @Test("a stalled stream ends with LLM_TIMEOUT and the next provider answers from the start")
    func stalledStreamFailsOver() async throws {
        let stalled = try await StubModelServer.start { _, _ in .events(Self.chunks(["Spent ", "$5.00", "."]), stallAfter: 1) }
        let backup = try await StubModelServer.start { _, _ in .events(Self.chunks(["Backup ", "says ", "$5.00."])) }
        let primary = Self.openAI(stalled, readTimeout: .milliseconds(300))
        do {
            _ = try await Self.collect(primary.stream(Self.request))
            Issue.record("a stalled stream ended")
        } catch let error as LLMError {
            #expect(error.code == .timeout)
        }
        let second = Self.openAI(backup, name: "backup")
        let failover = FailoverProvider(members: [.init(primary, model: "stub-model"), .init(second, model: "stub-model")])
        let reports = NIOLockedValueBox<[LLMCallReport]>([])
        let deltas = try await Self.collect(failover.stream(Self.request) { report in reports.withLockedValue { $0.append(report) } })
        let restart = try #require(deltas.firstIndex { $0.restarted })
        #expect(deltas[restart...].map(\.text).joined() == "Backup says $5.00.")
        #expect(deltas[restart].provider == "backup")
        #expect(reports.withLockedValue { $0.map(\.outcome) } == ["LLM_TIMEOUT", "completed"])
        #expect(await stalled.eventually { $0.abandonedAnswers == 2 })
        await primary.shutdown()
        await second.shutdown()
        try await stalled.stop()
        try await backup.stop()
    }

    @Test("a provider that dies mid-stream fails at once and the next provider answers from the start")
    func providerDiesMidStream() async throws {
        let dying = try await StubModelServer.start { _, _ in .events(Self.chunks(["Spent ", "$5.00", "."]), dieAfter: 1) }
        let backup = try await StubModelServer.start { _, _ in .events(Self.chunks(["Backup ", "says ", "$5.00."])) }
        let primary = Self.openAI(dying)
        let second = Self.openAI(backup, name: "backup")
        let failover = FailoverProvider(members: [.init(primary, model: "stub-model"), .init(second, model: "stub-model")])
        let reports = NIOLockedValueBox<[LLMCallReport]>([])
        let deltas = try await Self.collect(failover.stream(Self.request) { report in reports.withLockedValue { $0.append(report) } })
        #expect(deltas.first { $0.restarted }?.provider == "backup")
        // A lost connection, not a read timeout: the switch did not wait for a timer (no
        // wall-clock bound here; the 2 shared CPUs make those flaky).
        #expect(reports.withLockedValue { $0.map(\.outcome) } == ["LLM_UNAVAILABLE", "completed"])
        await primary.shutdown()
        await second.shutdown()
        try await dying.stop()
        try await backup.stop()
    }

    @Test("malformed SSE is LLM_MALFORMED_RESPONSE; with every provider failing, offline answers")
    func malformedStream() async throws {
        let stub = try await StubModelServer.start { _, _ in .events(["data: {not json\n\n"]) }
        let provider = Self.openAI(stub)
        do {
            _ = try await Self.collect(provider.stream(Self.request))
            Issue.record("garbage parsed")
        } catch let error as LLMError {
            #expect(error.code == .malformed)
        }
        let failover = FailoverProvider(members: [.init(provider, model: "stub-model")])
        let reports = NIOLockedValueBox<[LLMCallReport]>([])
        let text = try await Self.collect(failover.stream(Self.request) { report in reports.withLockedValue { $0.append(report) } })
            .map(\.text).joined()
        #expect(text == "Spent $5.00.")  // the offline provider's template
        #expect(reports.withLockedValue { $0.map(\.provider) } == ["primary", "offline"])
        await provider.shutdown()
        try await stub.stop()
    }

    @Test("failures open the breaker: the provider is passed over without a request until its cool-down ends")
    func breakerSkipsAFailingProvider() async throws {
        let stub = try await StubModelServer.start { _, _ in .status(500, body: "{}") }
        let provider = OpenAICompatibleProvider(
            endpoint: LLMEndpoint(name: "primary", baseURL: stub.baseURL, model: "m"), retry: LLMRetryPolicy(attempts: 1))
        let failover = FailoverProvider(members: [.init(provider)], breaker: CircuitBreaker(failureThreshold: 2, coolDown: 60))
        for _ in 0..<3 { #expect(try await failover.complete(Self.request).provider == "offline") }
        #expect(stub.requests.count == 2)
        #expect(failover.breakerStates.map(\.state) == ["open"])
        await provider.shutdown()
        try await stub.stop()
    }

    @Test("ending the iteration mid-stream (a stopped run) closes the upstream request")
    func cancellationClosesTheRequest() async throws {
        let stub = try await StubModelServer.start { _, _ in
            .events(Self.chunks((0..<200).map { "word\($0) " }), interval: .milliseconds(20))
        }
        let provider = Self.openAI(stub)
        let reading = Task {
            var count = 0
            for try await _ in provider.stream(Self.request) {
                count += 1
                if count == 3 { break }
            }
            return count
        }
        #expect(try await reading.value == 3)
        #expect(await stub.eventually { $0.abandonedAnswers == 1 })
        let cancelled = Task { try await Self.collect(provider.stream(Self.request)) }
        #expect(await stub.eventually { $0.requests.count == 2 })
        try await Task.sleep(for: .milliseconds(100))
        cancelled.cancel()
        _ = try? await cancelled.value
        #expect(await stub.eventually { $0.abandonedAnswers == 2 })
        await provider.shutdown()
        try await stub.stop()
    }

    @Test("Anthropic: headers, streamed text_delta events, usage from message_start and message_delta")
    func anthropicStream() async throws {
        let events = [
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":21,\"output_tokens\":1}}}\n\n",
            "event: ping\ndata: {\"type\":\"ping\"}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Spent \"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"$5.00.\"}}\n\n",
            "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":4}}\n\n",
            "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n",
        ]
        let stub = try await StubModelServer.start { index, _ in
            index == 0 ? .events(events)
                : .status(400, body: #"{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens too large"}}"#)
        }
        let provider = AnthropicProvider(
            endpoint: LLMEndpoint(name: "claude", baseURL: stub.baseURL, model: "claude-x", apiKey: "ak-1"), retry: Self.quickRetry)
        let deltas = try await Self.collect(provider.stream(Self.request))
        #expect(deltas.map(\.text).joined() == "Spent $5.00.")
        #expect(deltas.last?.usage == LLMUsage(inputTokens: 21, outputTokens: 4))
        let sent = try #require(stub.requests.first)
        #expect(sent.path == "/v1/messages" && sent.headers["x-api-key"] == "ak-1" && sent.headers["anthropic-version"] == "2023-06-01")
        do {
            _ = try await provider.complete(Self.request)
            Issue.record("a 400 answered")
        } catch let error as LLMError {
            #expect(error.code == .rejected && error.message == "max_tokens too large")
        }
        #expect(stub.requests.count == 2)  // 400: not retried
        await provider.shutdown()
        try await stub.stop()
    }
}
