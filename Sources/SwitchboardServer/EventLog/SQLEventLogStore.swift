import Foundation
import NIOCore
import SwitchboardCore
import SwitchboardEvents
import SwitchboardStorage

/// The event log on the `events` namespace's `event_log` table (its own SQLite file, or PostgreSQL schema).
struct SQLEventLogStore: EventLogStore {
    let repository: EventLogRepository
    /// On PostgreSQL, where several instances may write the log (``EventLogStore/numbersEvents``).
    var numbersEvents = false
    /// Where each numbered batch is announced to the other instances (cluster mode).
    var announce: EventLogAnnouncement.Channel?
    /// Told when the store refused a batch because a peer fenced this process's writer.
    var writerFenced: @Sendable (String) -> Void = { _ in }

    func position(for user: UserID) async throws -> EventLogPosition {
        let cursor = try await repository.cursor(for: user.rawValue)
        return EventLogPosition(epoch: cursor.epoch, lastOffset: cursor.lastOffset, oldestOffset: cursor.oldestOffset)
    }

    func existingPosition(for user: UserID) async throws -> EventLogPosition? {
        try await repository.existingCursor(for: user.rawValue).map {
            EventLogPosition(epoch: $0.epoch, lastOffset: $0.lastOffset, oldestOffset: $0.oldestOffset)
        }
    }

    func append(_ events: [LoggedEvent]) async throws {
        try await repository.append(events.map { event in
            EventLogRow(
                userID: event.userID.rawValue, offset: event.offset, runID: event.runID, type: event.type,
                frame: String(buffer: event.frame), createdAt: event.createdAt)
        })
    }

    /// In one statement, PostgreSQL making each frame from its template, unless a frame has no
    /// template or the batch's users would not fit one announcement: then in a transaction of
    /// several statements, with the frames made here.
    func append(numbering events: [UnnumberedEvent]) async throws -> [(event: LoggedEvent, epoch: String)] {
        do {
            return try await appendNumbered(events)
        } catch StorageError.writerFenced(let detail) {
            writerFenced(detail)
            throw EventLogError.fenced(detail)
        }
    }

    private func appendNumbered(_ events: [UnnumberedEvent]) async throws -> [(event: LoggedEvent, epoch: String)] {
        var counts: [String: Int] = [:]
        for event in events { counts[event.userID.rawValue, default: 0] += 1 }
        let templates = events.compactMap { EventLogRepository.FrameTemplate(frame: $0.frame(0, "")) }
        if templates.count == events.count,
            announce.map({ EventLogRepository.fitsOneAnnouncement(users: counts.keys, sender: $0.sender) }) ?? true
        {
            let rows = zip(events, templates).map { event, template in
                EventLogRepository.TemplatedRow(
                    userID: event.userID.rawValue, runID: event.runID, type: event.type, template: template, createdAt: event.createdAt)
            }
            let numbering = try await repository.appendNumberingInOneStatement(rows, announce: announce)
            return try zip(events, Self.offsets(of: events, numbering: numbering)).enumerated().map { index, pair in
                let (event, (offset, epoch)) = pair
                let frame = ByteBuffer(string: templates[index].frame(offset: offset, epoch: epoch))
                return (LoggedEvent(userID: event.userID, offset: offset, runID: event.runID, type: event.type, frame: frame, createdAt: event.createdAt), epoch)
            }
        }
        let (rows, numbering) = try await repository.appendNumbering(counts, announce: announce) { numbering in
            try zip(events, Self.offsets(of: events, numbering: numbering)).map { event, numbered in
                EventLogRow(
                    userID: event.userID.rawValue, offset: numbered.offset, runID: event.runID, type: event.type,
                    frame: String(decoding: event.frame(numbered.offset, numbered.epoch), as: UTF8.self), createdAt: event.createdAt)
            }
        }
        return zip(events, rows).map { event, row in
            (Self.event(row, user: event.userID), numbering[row.userID]?.epoch ?? "")
        }
    }

    /// Each event's offset and epoch, its user's offsets counting up from where the store started them.
    private static func offsets(
        of events: [UnnumberedEvent], numbering: EventLogRepository.Numbering
    ) throws -> [(offset: Int, epoch: String)] {
        var next = numbering.mapValues(\.first)
        return try events.map { event in
            let user = event.userID.rawValue
            guard let offset = next[user], let epoch = numbering[user]?.epoch else {
                throw StorageError.unavailable("the event log numbered no offsets for \(user)")
            }
            next[user] = offset + 1
            return (offset, epoch)
        }
    }

    func events(for user: UserID, after: Int, upTo: Int, limit: Int) async throws -> [LoggedEvent] {
        try await repository.rows(for: user.rawValue, after: after, upTo: upTo, limit: limit).map { Self.event($0, user: user) }
    }

    func events(in ranges: [EventRange]) async throws -> [LoggedEvent] {
        try await repository.rows(in: ranges.map { CommittedRange(userID: $0.userID.rawValue, first: $0.first, last: $0.last) })
            .map { Self.event($0, user: try UserID(validating: $0.userID)) }
    }

    private static func event(_ row: EventLogRow, user: UserID) -> LoggedEvent {
        LoggedEvent(
            userID: user, offset: row.offset, runID: row.runID, type: row.type,
            frame: ByteBuffer(string: row.frame), createdAt: row.createdAt)
    }
}
