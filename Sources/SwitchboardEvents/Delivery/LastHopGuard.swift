public import Logging
public import SwitchboardCore
import SwitchboardProtocol

/// The last check before bytes reach a socket: the event's user must be the connection's user.
/// Whatever went wrong upstream, a mismatch is dropped, logged and counted — never written.
public struct LastHopGuard: Sendable {
    private let statistics: DeliveryStatistics
    private let logger: Logger

    public init(statistics: DeliveryStatistics, logger: Logger) {
        self.statistics = statistics
        self.logger = logger
    }

    public func permits(_ event: OutboundEvent, connectionID: ConnectionID, owner: UserID) -> Bool {
        if event.userID == owner { return true }
        statistics.recordIsolationViolation()
        logger.error(
            "isolation violation: event dropped before write",
            metadata: [
                "user_id": "\(owner)",
                "event_user_id": "\(event.userID)",
                "event_type": "\(event.type.rawValue)",
                "connection_id": "\(connectionID)",
            ])
        return false
    }
}
