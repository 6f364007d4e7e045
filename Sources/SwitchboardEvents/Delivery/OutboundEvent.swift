public import NIOCore
public import SwitchboardCore
public import SwitchboardProtocol

/// One encoded server event on its way to a user's connections. The frame is encoded once
/// and shared (copy-on-write) by every connection of that user.
public struct OutboundEvent: Sendable {
    /// The user this event belongs to; compared with the connection's user before each write.
    public let userID: UserID
    public let type: ServerEventType
    /// The complete JSON text of the frame.
    public let frame: ByteBuffer
    /// The event's place in its user's log; nil for connection-scoped replies (pong, errors,
    /// command answers), which are neither logged nor replayed.
    public let offset: Int?
    /// Set on a run's logged deltas and progress: how to join it with the next one.
    public let coalescing: Coalescing?

    public init(userID: UserID, type: ServerEventType, frame: ByteBuffer, offset: Int? = nil, coalescing: Coalescing? = nil) {
        self.userID = userID
        self.type = type
        self.frame = frame
        self.offset = offset
        self.coalescing = coalescing
    }

    public var byteCount: Int { frame.readableBytes }
}
