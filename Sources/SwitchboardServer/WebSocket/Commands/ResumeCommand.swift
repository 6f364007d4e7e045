import Logging
import NIOCore
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol

/// `resume {since, epoch}` (or the `Last-Event-ID: epoch:offset` header at connect): replays
/// every logged event of the user after `since` that this connection has not had, in order,
/// then `resume_complete {from, to}`, then the events that arrived meanwhile — no gap, no
/// duplicate. Live events are held from the moment the resume begins, and `to` is the last
/// offset the store had committed after that, so each event is either replayed or held.
struct ResumeCommand: Sendable {
    static let pageSize = 200

    let log: EventLog

    func start(since: Int, epoch: String?, replyTo id: String?, connection: WebSocketConnection, services: WebSocketServices) {
        connection.holdLogEvents()
        let log = self.log
        let user = connection.userID
        Task {
            do {
                let position = try await log.position(for: user)
                if let reason = Self.refusal(since: since, epoch: epoch, position: position) {
                    connection.reply(
                        .resumeUnavailable,
                        payload: ResumeUnavailablePayload(
                            reason: reason, epoch: position.epoch, oldestOffset: position.oldestOffset,
                            lastOffset: position.lastOffset),
                        replyTo: id, services: services)
                    connection.releaseLogEvents(after: position.lastOffset)
                    return
                }
                var cursor = since
                var replayed = 0
                while cursor < position.lastOffset {
                    let page = try await log.store.events(for: user, after: cursor, upTo: position.lastOffset, limit: Self.pageSize)
                    guard let last = page.last else { break }
                    for event in page {
                        // A connection gone (or too slow) mid-replay ends the replay; nothing more to do.
                        guard connection.deliverReplayed(OutboundEvent(logged: event)) else { return }
                    }
                    replayed += page.count
                    cursor = last.offset
                    while connection.isAccepting, connection.queuedEventCount > services.settings.outboundQueueEvents / 2 {
                        try await Task.sleep(for: .milliseconds(5))
                    }
                }
                log.statistics.recordReplayed(replayed)
                connection.reply(
                    .resumeComplete, payload: ResumeCompletePayload(from: since + 1, to: position.lastOffset, epoch: position.epoch),
                    replyTo: id, services: services)
                connection.releaseLogEvents(after: position.lastOffset)
            } catch {
                services.logger.warning("resume failed", metadata: ["user_id": "\(user)", "error": "\(error)"])
                connection.reply(
                    .error, payload: ErrorPayload(code: .serviceUnavailable, message: "the event log is unavailable; try again shortly"),
                    replyTo: id, services: services)
                connection.releaseLogEvents()
            }
        }
    }

    /// Why the log cannot serve `since` of `epoch`, or nil when it can.
    static func refusal(since: Int, epoch: String?, position: EventLogPosition) -> String? {
        if let epoch, epoch != position.epoch { return "epoch_changed" }
        if since < 0 || since > position.lastOffset { return "ahead_of_log" }
        // Events since+1 … last must all still be there.
        if since < position.lastOffset, let oldest = position.oldestOffset, since + 1 < oldest { return "trimmed" }
        if since < position.lastOffset, position.oldestOffset == nil { return "trimmed" }
        return nil
    }

    /// `Last-Event-ID: epoch:offset` (the SSE convention, also accepted on `/ws`).
    static func parseLastEventID(_ value: String) -> (epoch: String, offset: Int)? {
        guard let colon = value.lastIndex(of: ":"), let offset = Int(value[value.index(after: colon)...]), offset >= 0 else {
            return nil
        }
        let epoch = String(value[..<colon])
        return epoch.isEmpty ? nil : (epoch, offset)
    }
}
