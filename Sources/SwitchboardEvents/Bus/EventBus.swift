public import SwitchboardCore

/// How instances sharing one event log learn what the others committed. The log's store
/// announces each batch's ranges as it commits; a bus hands them to every other instance, whose
/// ``RemoteEventRelay`` reads the events of the users it has connections for. A bus may lose
/// announcements (a listener's connection drops): it then says `.resynchronize`, and every
/// connection reads what it missed from the log — never skips it.
public protocol EventBus: Sendable {
    /// Runs until the task is cancelled, handing `receive` each message in the order the
    /// commits happened, starting with `.resynchronize` once the bus listens.
    func run(_ receive: @escaping @Sendable (EventBusMessage) async -> Void) async
}

public enum EventBusMessage: Sendable {
    /// `sender` committed these ranges; `events` are their events when the announcement
    /// carried them (every one), empty when they must be read from the log.
    case committed(sender: String, ranges: [EventRange], events: [LoggedEvent])
    /// Announcements may have been lost since the last message.
    case resynchronize
}

/// Offsets `first ... last` of one user's log.
public struct EventRange: Sendable, Hashable {
    public var userID: UserID
    public var first: Int
    public var last: Int

    public init(userID: UserID, first: Int, last: Int) {
        self.userID = userID
        self.first = first
        self.last = last
    }
}
