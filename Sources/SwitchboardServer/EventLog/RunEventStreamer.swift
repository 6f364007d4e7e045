import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol

/// Streams one run's events as server-sent events from the user's event log: the run's logged
/// events after `after`, then its live ones, until its terminal event, then `event: end`. The
/// subscription is taken before the log is read, and a gap in the user's offsets (a slow
/// reader's subscription dropped some) is filled from the store, so nothing is missed or repeated.
struct RunEventStreamer: Sendable {
    let log: EventLog
    let heartbeat: Duration

    private enum Item: Sendable {
        case event(OutboundEvent)
        case heartbeat
    }

    func body(user: UserID, runID: RunID, after: Int, epoch: String?) -> ResponseBody {
        let log = self.log
        let heartbeat = self.heartbeat
        return ResponseBody { writer in
            let (subscription, live) = log.subscriptions.subscribe(user)
            defer { log.subscriptions.unsubscribe(user, subscription) }
            let position = try await log.position(for: user)
            if let epoch, epoch != position.epoch {
                let answer = ResumeUnavailablePayload(
                    reason: "epoch_changed", epoch: position.epoch, oldestOffset: position.oldestOffset, lastOffset: position.lastOffset)
                try await writer.write(ServerSentEvents.event(
                    type: ServerEventType.resumeUnavailable.rawValue, json: String(decoding: try JSONEncoder().encode(answer), as: UTF8.self)))
                try await writer.write(ServerSentEvents.event(type: "end", json: "{}"))
                try await writer.finish(nil)
                return
            }
            var sender = RunSender(runID: runID.rawValue, epoch: position.epoch, lastUserOffset: after)
            var finished = try await sender.catchUp(to: position.lastOffset, from: log, user: user, writer: &writer)
            let (items, feed) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingNewest(1000))
            let forward = Task {
                for await event in live { feed.yield(.event(event)) }
                feed.finish()
            }
            let beats = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: heartbeat)
                    feed.yield(.heartbeat)
                }
            }
            defer {
                forward.cancel()
                beats.cancel()
            }
            var iterator = items.makeAsyncIterator()
            while !finished, let item = await iterator.next() {
                switch item {
                case .heartbeat:
                    try await writer.write(ServerSentEvents.heartbeat)
                case .event(let event):
                    guard let offset = event.offset, offset > sender.lastUserOffset else { continue }
                    // Anything skipped (a dropped subscription buffer) comes from the store first.
                    finished = try await sender.catchUp(to: offset - 1, from: log, user: user, writer: &writer)
                    if !finished { finished = try await sender.send(event.frame, offset: offset, writer: &writer) }
                }
            }
            try await writer.write(ServerSentEvents.event(type: "end", json: #"{"run_id":"\#(runID.rawValue)"}"#))
            try await writer.finish(nil)
        }
    }
}

/// What one stream has sent: the user's offsets it has passed, and the run's events among them.
private struct RunSender {
    let runID: String
    let epoch: String
    var lastUserOffset: Int

    /// Sends the run's stored events up to `offset`; answers whether the terminal one was among them.
    mutating func catchUp(to offset: Int, from log: EventLog, user: UserID, writer: inout any ResponseBodyWriter) async throws -> Bool {
        while lastUserOffset < offset {
            let page = try await log.store.events(for: user, after: lastUserOffset, upTo: offset, limit: 500)
            guard let last = page.last else {
                lastUserOffset = offset
                return false
            }
            for event in page {
                lastUserOffset = event.offset
                if event.runID == runID, try await send(event.frame, offset: event.offset, writer: &writer) { return true }
            }
            lastUserOffset = last.offset
        }
        return false
    }

    /// Sends one event if it is the run's; answers whether it ended the run.
    mutating func send(_ frame: ByteBuffer, offset: Int, writer: inout any ResponseBodyWriter) async throws -> Bool {
        lastUserOffset = max(lastUserOffset, offset)
        guard let envelope = try? JSONDecoder().decode(ServerEnvelope.self, from: Data(frame.readableBytesView)),
            envelope.runID == runID
        else { return false }
        try await writer.write(ServerSentEvents.event(id: "\(epoch):\(offset)", type: envelope.type, data: frame))
        return envelope.isRunTerminal
    }
}
