import Foundation
import NIOCore
import SwitchboardCore
import SwitchboardEvents
import SwitchboardStorage

/// The event log on the `events` namespace's `event_log` table (its own SQLite file, or PostgreSQL schema).
struct SQLEventLogStore: EventLogStore {
    let repository: EventLogRepository

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

    func events(for user: UserID, after: Int, upTo: Int, limit: Int) async throws -> [LoggedEvent] {
        try await repository.rows(for: user.rawValue, after: after, upTo: upTo, limit: limit).map { row in
            LoggedEvent(
                userID: user, offset: row.offset, runID: row.runID, type: row.type, frame: ByteBuffer(string: row.frame),
                createdAt: row.createdAt)
        }
    }
}
