import Synchronization

/// Samples the server's RSS every quarter second while the load runs, keeping the peak.
final class MemorySampler: Sendable {
    let probe: ServerProcessProbe
    private let peak = Mutex<Int64>(0)

    init(probe: ServerProcessProbe) {
        self.probe = probe
    }

    var peakKiB: Int64 { peak.withLock { $0 } }

    /// Reads now, and counts the reading towards the peak.
    func sample() -> Int64? {
        guard let rss = probe.rssKiB() else { return nil }
        peak.withLock { $0 = max($0, rss) }
        return rss
    }

    /// Samples until cancelled.
    func run() async {
        while !Task.isCancelled {
            _ = sample()
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}
