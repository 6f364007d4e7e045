/// Lets one body run at a time, in arrival order. The ClickHouse store's inserts go through
/// one, so two requests carrying the same event id cannot both find it missing and both write
/// it (ClickHouse has no unique keys), and a prompt's first call is decided once. The SQLite
/// store's do too: SQLite has one writer, and batches queued here wait their turn instead of
/// spinning in SQLite's busy handler until a timeout answers 503.
actor AsyncSerialGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<Result: Sendable>(_ body: @Sendable () async throws(AnalyticsError) -> Result) async throws(AnalyticsError) -> Result {
        await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
