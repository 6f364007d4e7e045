/// Joins released text into `partial_result` events: at most one event per `interval`, unless
/// `maxCharacters` are waiting. The first text goes out at once (first-delta latency), and
/// whatever is left goes out at the end.
struct DeltaCoalescer: Sendable {
    let interval: Duration
    let maxCharacters: Int
    private var waiting = ""
    private var lastEmitted: ContinuousClock.Instant?

    init(interval: Duration = .milliseconds(50), maxCharacters: Int = 200) {
        self.interval = interval
        self.maxCharacters = maxCharacters
    }

    /// Adds text; answers the text to emit now, if any.
    mutating func add(_ text: String, now: ContinuousClock.Instant) -> String? {
        waiting += text
        guard !waiting.isEmpty else { return nil }
        let due = lastEmitted.map { now - $0 >= interval } ?? true
        guard due || waiting.count >= maxCharacters else { return nil }
        lastEmitted = now
        defer { waiting = "" }
        return waiting
    }

    mutating func flush(now: ContinuousClock.Instant) -> String? {
        guard !waiting.isEmpty else { return nil }
        lastEmitted = now
        defer { waiting = "" }
        return waiting
    }
}
