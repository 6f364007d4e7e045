/// Turns a `text/event-stream` body, fed in whatever chunks the network delivers, into events
/// (WHATWG "server-sent events" rules: `event:` and `data:` fields, `data` lines joined with
/// `\n`, a blank line dispatches, `:` comments ignored, LF / CRLF / CR line ends). Pure: no I/O,
/// so the stream handling of both providers is tested without a network.
struct ServerSentEventParser: Sendable {
    struct Event: Sendable, Hashable {
        var name: String?
        var data: String
    }

    enum Failure: Error, Sendable, Hashable {
        /// A line longer than the limit: not an event stream we can hold in bounded memory.
        case lineTooLong(limit: Int)
    }

    /// The longest line kept; models' chunks are a few hundred bytes.
    let maxLineBytes: Int
    private var line: [UInt8] = []
    private var lastWasCarriageReturn = false
    private var eventName: String?
    private var dataLines: [String] = []

    init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Feeds bytes; answers the events they complete, in order.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(Failure) -> [Event] {
        var events: [Event] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n"), lastWasCarriageReturn {
                lastWasCarriageReturn = false
                continue
            }
            lastWasCarriageReturn = byte == UInt8(ascii: "\r")
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if let event = endLine() { events.append(event) }
            } else {
                guard line.count < maxLineBytes else { throw .lineTooLong(limit: maxLineBytes) }
                line.append(byte)
            }
        }
        return events
    }

    /// The event left when the body ends without its blank line (servers that close at once).
    mutating func finish() -> Event? {
        if !line.isEmpty { _ = endLine() }
        return dispatch()
    }

    private mutating func endLine() -> Event? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty { return dispatch() }
        if line.first == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        let field = String(decoding: line[..<colon], as: UTF8.self)
        var valueStart = colon < line.endIndex ? line.index(after: colon) : colon
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart = line.index(after: valueStart) }
        let value = String(decoding: line[valueStart...], as: UTF8.self)
        switch field {
        case "event": eventName = value
        case "data": dataLines.append(value)
        default: break  // `id`, `retry` and unknown fields mean nothing to a model's stream.
        }
        return nil
    }

    private mutating func dispatch() -> Event? {
        defer {
            eventName = nil
            dataLines.removeAll(keepingCapacity: true)
        }
        guard !dataLines.isEmpty || eventName != nil else { return nil }
        return Event(name: eventName, data: dataLines.joined(separator: "\n"))
    }
}
