/// A W3C Trace Context position (`traceparent: 00-<trace id>-<parent id>-<flags>`): the trace a
/// request belongs to and the span that is its parent. Parsed strictly (lower-case hex, no
/// all-zero ids, version `ff` refused); anything else starts a new trace, as the spec says.
///
/// ```swift
/// let incoming = W3CTraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
/// let mine = incoming?.child() ?? .root()   // same trace id, a new span id
/// response.headers["traceresponse"] = mine.traceparent
/// ```
public struct W3CTraceContext: Sendable, Hashable, CustomStringConvertible {
    /// 32 lower-case hex digits.
    public let traceID: String
    /// 16 lower-case hex digits: the span this context stands for.
    public let spanID: String
    /// The span this one is a child of, when the trace came in with the request.
    public let parentSpanID: String?
    public let sampled: Bool

    public init?(traceparent header: String) {
        let fields = header.trimmingWhitespace().split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count >= 4, fields[0].count == 2, Self.isHex(fields[0]), fields[0] != "ff" else { return nil }
        // Version 00 has exactly four fields; later versions may append more.
        if fields[0] == "00" && fields.count != 4 { return nil }
        let (trace, parent, flags) = (fields[1], fields[2], fields[3])
        guard trace.count == 32, Self.isHex(trace), trace.contains(where: { $0 != "0" }),
            parent.count == 16, Self.isHex(parent), parent.contains(where: { $0 != "0" }),
            flags.count == 2, Self.isHex(flags), let flagBits = UInt8(flags, radix: 16)
        else { return nil }
        self.init(traceID: String(trace), spanID: String(parent), parentSpanID: nil, sampled: flagBits & 1 == 1)
    }

    init(traceID: String, spanID: String, parentSpanID: String?, sampled: Bool) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.sampled = sampled
    }

    /// A new trace (no `traceparent`, or an invalid one); `sampled` when this process records it.
    public static func root(sampled: Bool = false) -> W3CTraceContext {
        W3CTraceContext(traceID: randomHex(bytes: 16), spanID: randomHex(bytes: 8), parentSpanID: nil, sampled: sampled)
    }

    /// The same trace, a new span whose parent is this one.
    public func child() -> W3CTraceContext {
        W3CTraceContext(traceID: traceID, spanID: Self.randomHex(bytes: 8), parentSpanID: spanID, sampled: sampled)
    }

    /// This context as a `traceparent` header value, for the next hop.
    public var traceparent: String { "00-\(traceID)-\(spanID)-\(sampled ? "01" : "00")" }

    public var description: String { traceparent }

    private static func isHex(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// `bytes` random bytes (a multiple of 8) as lower-case hex, never all zeros. Every span
    /// makes one, so it draws whole 64-bit words and writes the digits into one buffer.
    static func randomHex(bytes: Int) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var generator = SystemRandomNumberGenerator()
        var text = [UInt8](repeating: 0, count: bytes * 2)
        var allZero: Bool
        repeat {
            allZero = true
            for word in 0..<(bytes / 8) {
                let value: UInt64 = generator.next()
                allZero = allZero && value == 0
                for nibble in 0..<16 {
                    text[word * 16 + nibble] = digits[Int((value >> UInt64(60 - nibble * 4)) & 0xF)]
                }
            }
        } while allZero
        return String(decoding: text, as: UTF8.self)
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> Substring {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
