import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol

/// Follows one run's events in the user's event log: the run's logged events after `after`,
/// then its live ones, until its terminal event. The subscription is taken before the log is
/// read, and a gap in the user's offsets (a slow reader's subscription dropped some) is filled
/// from the store, so nothing is missed or repeated. How an event becomes bytes is the
/// caller's (`render`): `/api/agent/*/stream` sends the envelope, the LangGraph API its stream modes.
struct RunEventStreamer: Sendable {
    let log: EventLog
    let heartbeat: Duration

    /// One of the run's events as logged: its envelope, its encoded frame, its place in the log.
    struct RunEvent: Sendable {
        var envelope: ServerEnvelope
        var frame: ByteBuffer
        var offset: Int
        var epoch: String
    }

    typealias Render = @Sendable (RunEvent) async throws -> ByteBuffer?

    enum Outcome: Sendable {
        /// The run's terminal event was sent (or the run had ended before `after`).
        case ended
        /// `epoch` is not the log's: nothing was sent.
        case epochChanged(EventLogPosition)
    }

    private enum Item: Sendable {
        case event(OutboundEvent)
        case heartbeat
        case runEnded
    }

    /// Switchboard's own SSE: each event's envelope as `id: epoch:offset`, `event: <type>`, then
    /// `event: end` (or `resume_unavailable` and `end` for a wrong epoch).
    func body(user: UserID, runID: RunID, after: Int, epoch: String?) -> ResponseBody {
        ResponseBody { writer in
            let outcome = try await follow(user: user, runID: runID, after: after, epoch: epoch, writer: &writer) { event in
                ServerSentEvents.event(id: "\(event.epoch):\(event.offset)", type: event.envelope.type, data: event.frame)
            }
            if case .epochChanged(let position) = outcome {
                let answer = ResumeUnavailablePayload(
                    reason: "epoch_changed", epoch: position.epoch, oldestOffset: position.oldestOffset, lastOffset: position.lastOffset)
                try await writer.write(ServerSentEvents.event(
                    type: ServerEventType.resumeUnavailable.rawValue, json: String(decoding: try JSONEncoder().encode(answer), as: UTF8.self)))
                try await writer.write(ServerSentEvents.event(type: "end", json: "{}"))
            } else {
                try await writer.write(ServerSentEvents.event(type: "end", json: #"{"run_id":"\#(runID.rawValue)"}"#))
            }
            try await writer.finish(nil)
        }
    }

    /// Writes the run's events through `render` until its terminal event. `runEnded`, when
    /// given, returns once the run is over: a stream joined after the terminal event (a
    /// `Last-Event-ID` past it) then ends instead of waiting for events that will not come.
    func follow(
        user: UserID, runID: RunID, after: Int, epoch: String?, writer: inout any ResponseBodyWriter,
        runEnded: (@Sendable () async -> Void)? = nil, render: @escaping Render
    ) async throws -> Outcome {
        let (subscription, live) = log.subscriptions.subscribe(user)
        defer { log.subscriptions.unsubscribe(user, subscription) }
        let position = try await log.position(for: user)
        if let epoch, epoch != position.epoch { return .epochChanged(position) }
        var sender = RunSender(runID: runID.rawValue, epoch: position.epoch, lastUserOffset: after, render: render)
        if try await sender.catchUp(to: position.lastOffset, from: log, user: user, writer: &writer) { return .ended }
        let (items, feed) = AsyncStream<Item>.makeStream(bufferingPolicy: .bufferingNewest(1000))
        let heartbeat = self.heartbeat
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
        let watch = Task {
            guard let runEnded else { return }
            await runEnded()
            feed.yield(.runEnded)
        }
        defer {
            forward.cancel()
            beats.cancel()
            watch.cancel()
        }
        var iterator = items.makeAsyncIterator()
        while let item = await iterator.next() {
            switch item {
            case .heartbeat:
                try await writer.write(ServerSentEvents.heartbeat)
            case .runEnded:
                // Its terminal event is committed by now: whatever is left is in the store.
                let last = try await log.position(for: user).lastOffset
                _ = try await sender.catchUp(to: last, from: log, user: user, writer: &writer)
                return .ended
            case .event(let event):
                guard let offset = event.offset, offset > sender.lastUserOffset else { continue }
                // Anything skipped (a dropped subscription buffer) comes from the store first.
                if try await sender.catchUp(to: offset - 1, from: log, user: user, writer: &writer) { return .ended }
                if try await sender.send(event.frame, offset: offset, writer: &writer) { return .ended }
            }
        }
        return .ended
    }
}

/// What one stream has sent: the user's offsets it has passed, and the run's events among them.
private struct RunSender {
    let runID: String
    let epoch: String
    var lastUserOffset: Int
    let render: RunEventStreamer.Render

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
        if let bytes = try await render(RunEventStreamer.RunEvent(envelope: envelope, frame: frame, offset: offset, epoch: epoch)) {
            try await writer.write(bytes)
        }
        return envelope.isRunTerminal
    }
}
