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

    func append(numbering events: [UnnumberedEvent]) async throws -> [(event: LoggedEvent, epoch: String)] {
        if let stored = try await appendInOneStatement(events) { return stored }
        var counts: [String: Int] = [:]
        for event in events { counts[event.userID.rawValue, default: 0] += 1 }
        let (rows, numbering) = try await repository.appendNumbering(counts, announce: announce) { numbering in
            var next = numbering.mapValues(\.first)
            return try events.map { event in
                let user = event.userID.rawValue
                guard let offset = next[user], let epoch = numbering[user]?.epoch else {
                    throw StorageError.unavailable("the event log numbered no offsets for \(user)")
                }
                next[user] = offset + 1
                return EventLogRow(
                    userID: user, offset: offset, runID: event.runID, type: event.type,
                    frame: String(decoding: event.frame(offset, epoch), as: UTF8.self), createdAt: event.createdAt)
            }
        }
        return zip(events, rows).map { event, row in
            (LoggedEvent(
                userID: event.userID, offset: row.offset, runID: row.runID, type: row.type, frame: ByteBuffer(string: row.frame),
                createdAt: row.createdAt), epoch: numbering[row.userID]?.epoch ?? "")
        }
    }

    /// The batch in one statement, PostgreSQL making each frame from its template; nil when a
    /// frame has no template or the batch's users would not fit one announcement (then the
    /// transaction of several statements does it).
    private func appendInOneStatement(_ events: [UnnumberedEvent]) async throws -> [(event: LoggedEvent, epoch: String)]? {
        var rows: [EventLogRepository.TemplatedRow] = []
        rows.reserveCapacity(events.count)
        for event in events {
            guard let template = EventLogRepository.FrameTemplate(frame: event.frame(0, "")) else { return nil }
            rows.append(.init(userID: event.userID.rawValue, runID: event.runID, type: event.type, template: template, createdAt: event.createdAt))
        }
        if let announce, !EventLogRepository.fitsOneAnnouncement(users: Set(rows.map(\.userID)), sender: announce.sender) { return nil }
        let numbering = try await repository.appendNumberingInOneStatement(rows, announce: announce)
        var next = numbering.mapValues(\.first)
        return try zip(events, rows).map { event, row in
            guard let offset = next[row.userID], let epoch = numbering[row.userID]?.epoch else {
                throw StorageError.unavailable("the event log numbered no offsets for \(row.userID)")
            }
            next[row.userID] = offset + 1
            let frame = ByteBuffer(string: row.template.frame(offset: offset, epoch: epoch))
            return (LoggedEvent(userID: event.userID, offset: offset, runID: event.runID, type: event.type, frame: frame, createdAt: event.createdAt), epoch)
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
