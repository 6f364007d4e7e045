import Foundation

/// The live progress line: rewritten in place on a terminal, a plain line every 5 s otherwise
/// (CI logs). Always on stderr, so stdout holds only the report.
struct ProgressPrinter: Sendable {
    let counters: LiveCounters
    let total: Int
    let isTerminal = isatty(STDERR_FILENO) == 1

    func run(started: ContinuousClock.Instant) async {
        var lastEvents = 0
        var lastInstant = started
        let interval: Duration = isTerminal ? .seconds(1) : .seconds(5)
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            if Task.isCancelled { break }
            let now = ContinuousClock.now
            let events = counters.value(.events)
            let seconds = (now - lastInstant).seconds
            let rate = seconds > 0 ? Double(events - lastEvents) / seconds : 0
            (lastEvents, lastInstant) = (events, now)
            let elapsed = (now - started).components.seconds
            let line: String = "[\(elapsed)s] connected \(counters.value(.connected))/\(total) · runs done \(counters.value(.runsFinished))"
                + " · events \(events) (\(Int(rate))/s) · problems \(counters.value(.problems))"
            write(isTerminal ? "\r\u{1B}[K" + line : line + "\n")
        }
        if isTerminal { write("\n") }
    }

    func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
