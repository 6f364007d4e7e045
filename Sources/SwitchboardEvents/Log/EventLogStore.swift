public import Foundation
public import NIOCore
public import SwitchboardCore

/// Where the event log keeps its events: the events namespace's `event_log` in production (the
/// server adapts SwitchboardStorage's repository to this), anything durable in principle.
public protocol EventLogStore: Sendable {
    /// The user's epoch, last committed offset and oldest retained offset; creates the epoch on
    /// first use.
    func position(for user: UserID) async throws -> EventLogPosition
    /// The position if the user has one, without creating it.
    func existingPosition(for user: UserID) async throws -> EventLogPosition?
    /// Stores a batch in one transaction (the writer calls it; rows of a user come in offset order).
    func append(_ events: [LoggedEvent]) async throws
    /// Events with `after < offset <= upTo`, oldest first, at most `limit`.
    func events(for user: UserID, after: Int, upTo: Int, limit: Int) async throws -> [LoggedEvent]
    /// Whether the store numbers events itself, in the batch's transaction: several processes
    /// write this log (instances sharing PostgreSQL), so no process may keep a user's next
    /// offset in memory. The log then calls ``append(numbering:)`` instead of ``append(_:)``.
    var numbersEvents: Bool { get }
    /// Stores a batch of events without offsets in one transaction, numbering each user's in
    /// the given order after the user's last offset (whoever wrote it); answers them as stored
    /// with their users' epochs, in the same order.
    func append(numbering events: [UnnumberedEvent]) async throws -> [(event: LoggedEvent, epoch: String)]
    /// The events of every range, each range's in offset order (what other instances
    /// committed, for ``RemoteEventRelay``).
    func events(in ranges: [EventRange]) async throws -> [LoggedEvent]
}

extension EventLogStore {
    public var numbersEvents: Bool { false }

    public func append(numbering events: [UnnumberedEvent]) async throws -> [(event: LoggedEvent, epoch: String)] {
        throw EventLogError.notStored("this store does not number events")
    }

    public func events(in ranges: [EventRange]) async throws -> [LoggedEvent] {
        var found: [LoggedEvent] = []
        for range in ranges {
            found += try await events(for: range.userID, after: range.first - 1, upTo: range.last, limit: range.last - range.first + 1)
        }
        return found
    }
}

/// An event waiting for its offset: the store numbers it at commit, and `frame` makes its frame
/// for the offset and epoch it got.
public struct UnnumberedEvent: Sendable {
    public var userID: UserID
    public var runID: String?
    public var type: String
    public var createdAt: Date
    public var frame: @Sendable (_ offset: Int, _ epoch: String) -> [UInt8]

    public init(
        userID: UserID, runID: String?, type: String, createdAt: Date, frame: @escaping @Sendable (_ offset: Int, _ epoch: String) -> [UInt8]
    ) {
        self.userID = userID
        self.runID = runID
        self.type = type
        self.createdAt = createdAt
        self.frame = frame
    }
}

public struct EventLogPosition: Sendable, Hashable {
    public var epoch: String
    public var lastOffset: Int
    public var oldestOffset: Int?

    public init(epoch: String, lastOffset: Int, oldestOffset: Int?) {
        self.epoch = epoch
        self.lastOffset = lastOffset
        self.oldestOffset = oldestOffset
    }
}

/// One logged event: its frame exactly as it was (or will be) delivered.
public struct LoggedEvent: Sendable {
    public var userID: UserID
    public var offset: Int
    public var runID: String?
    public var type: String
    public var frame: ByteBuffer
    public var createdAt: Date

    public init(userID: UserID, offset: Int, runID: String?, type: String, frame: ByteBuffer, createdAt: Date) {
        self.userID = userID
        self.offset = offset
        self.runID = runID
        self.type = type
        self.frame = frame
        self.createdAt = createdAt
    }
}
