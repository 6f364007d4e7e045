/// A W3C trace context (`traceparent: 00-<trace id>-<parent span id>-<flags>`), carried into a
/// run so its log lines and spans join the caller's trace.
///
/// ```swift
/// TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?.traceID
/// ```
public struct TraceContext: Sendable, Hashable {
    public let traceID: String
    public let parentSpanID: String
    public let flags: String

    /// Nil unless the header is version 00 with lowercase hex ids that are not all zeros.
    public init?(traceparent: String) {
        let parts = traceparent.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "00",
            Self.isHex(parts[1], length: 32), Self.isHex(parts[2], length: 16), Self.isHex(parts[3], length: 2),
            parts[1] != String(repeating: "0", count: 32), parts[2] != String(repeating: "0", count: 16)
        else { return nil }
        traceID = parts[1]
        parentSpanID = parts[2]
        flags = parts[3]
    }

    public var traceparent: String { "00-\(traceID)-\(parentSpanID)-\(flags)" }

    private static func isHex(_ text: String, length: Int) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
