import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardStorage

extension LangGraphRunRoutes {
    /// A run's SSE stream: `metadata {run_id, thread_id}` first, then the run's events in the
    /// modes asked for, each with `id: epoch:offset` from the user's event log (a join with
    /// `Last-Event-ID` goes on after it), then `error` when the run failed or timed out, and
    /// `end {run_id, status}`. A client that goes away ends the run when it asked for
    /// `on_disconnect: cancel` (or `cancel_on_disconnect`); otherwise the run goes on.
    func stream(
        thread: ThreadRecord, run: RunID, modes: [LangGraphStreamMode], after: Int, epoch: String?, cancelOnDisconnect: Bool
    ) -> Response {
        let (scheduler, streamer, runs) = (self.scheduler, self.streamer, self.runs)
        let routes = self
        let body = ResponseBody { writer in
            do {
                try await writer.write(ServerSentEvents.event(
                    type: "metadata", json: #"{"run_id":"\#(run.rawValue)","thread_id":"\#(thread.id.rawValue)"}"#))
                await scheduler.waitUntilStarted(run)
                let translator = LangGraphStreamTranslator(
                    modes: modes, runID: run.rawValue, threadID: thread.id.rawValue,
                    values: { atEnd in try await routes.values(thread, run: run, atEnd: atEnd) })
                let outcome = try await streamer.follow(
                    user: thread.userID, runID: run, after: after, epoch: epoch, writer: &writer,
                    runEnded: { await scheduler.waitUntilEnded(run) }, render: translator.render)
                try Task.checkCancellation()
                if case .epochChanged = outcome {
                    try await writer.write(ServerSentEvents.event(
                        type: "error",
                        json: #"{"error":"RESUME_UNAVAILABLE","message":"the event log was reset since that Last-Event-ID; fetch the thread's state"}"#))
                } else {
                    // The terminal event is committed before the run's row is final: wait for the row.
                    await scheduler.waitUntilEnded(run)
                    let status = try await runs.find(owner: thread.userID, thread: thread.id, raw: run.rawValue).map(runs.status) ?? "error"
                    if status == "error" || status == "timeout" {
                        try await writer.write(ServerSentEvents.event(
                            type: "error", json: #"{"error":"RUN_\#(status.uppercased())","message":"the run ended with status \#(status)"}"#))
                    }
                    try await writer.write(ServerSentEvents.event(
                        type: "end", json: #"{"run_id":"\#(run.rawValue)","status":"\#(status)"}"#))
                }
                try await writer.finish(nil)
            } catch {
                if cancelOnDisconnect { try? await scheduler.cancel(run, owner: thread.userID, rollback: false, wait: false) }
                throw error
            }
        }
        return LangGraphResponse.stream(thread: thread.id.rawValue, run: run.rawValue, body)
    }
}
