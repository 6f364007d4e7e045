public import SwitchboardCore
public import SwitchboardProtocol

/// A live connection of one user, as the hub sees it. The WebSocket transport implements it;
/// agents and the hub never see a socket.
public protocol EventConnection: AnyObject, Sendable {
    var connectionID: ConnectionID { get }
    var userID: UserID { get }
    /// Queues the event without blocking. The connection enforces its own bounds and the
    /// last-hop ownership check; an event it cannot take is dropped and counted there.
    func deliver(_ event: OutboundEvent)
    /// Closes the connection with a WebSocket close code, from any thread.
    func close(_ code: CloseCode, reason: String)
    /// Reads from the log whatever of its user's events it has not had (another instance's
    /// announcements may have been lost). A connection that never misses events ignores it.
    func catchUp()
}

extension EventConnection {
    public func catchUp() {}
}
