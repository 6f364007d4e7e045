import NIOConcurrencyHelpers
@testable import SwitchboardAgents
import SwitchboardCore
import SwitchboardProtocol
import Testing

/// A sink whose terminal event a reader sees (here: the moment `finish` reaches it) before the
/// run's row is final, as a WebSocket client does.
private final class TerminalWatchingSink: RunEventSink {
    let reachedTerminal: AsyncStream<Void>.Continuation
    init(reachedTerminal: AsyncStream<Void>.Continuation) { self.reachedTerminal = reachedTerminal }
    func emit(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String?) async {}
    func finish(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String?) async {
        reachedTerminal.yield()
    }
}

@Suite("A run seen ending is read as ended")
struct RunSettleTests {
    @Test("waitIfEnding returns at once for a run going on, and for one seen ending only once it is removed (its row final)")
    func settleWaitsOnlyForEndingRuns() async throws {
        let registry = RunRegistry()
        let run = try RunID(validating: "run-settle-1")
        let control = RunControl(owner: try UserID(validating: "ulla"))
        registry.add(run, control)
        let (terminal, reachedTerminal) = AsyncStream.makeStream(of: Void.self)
        let stream = RunEventStream(
            sink: TerminalWatchingSink(reachedTerminal: reachedTerminal), statistics: ExecutionStatistics()
        ) { control.markEnding() }

        await stream.emit(.agentStarted, payload: ProgressUpdatePayload(percent: 0, message: ""))
        await registry.waitIfEnding(run)  // going on: a status read answers `running` at once

        let finishing = Task { await stream.finish(.agentCompleted, payload: ProgressUpdatePayload(percent: 100, message: "")) }
        for await _ in terminal { break }
        let settled = NIOLockedValueBox(false)
        let reader = Task {
            await registry.waitIfEnding(run)
            settled.withLockedValue { $0 = true }
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(settled.withLockedValue { $0 } == false, "a reader of a run seen ending waits for its row")
        registry.remove(run)  // the engine does this right after writing the row
        await reader.value
        #expect(settled.withLockedValue { $0 })
        #expect(await finishing.value)
        await registry.waitIfEnding(run)  // gone: at once
    }
}
