public import Foundation
import SwitchboardCore

/// Makes a fresh ``UserEventEmitter`` per run. Holds only the hub and a clock, both immutable,
/// so one factory serves every user without remembering any of them.
public struct EventEmitterFactory: Sendable {
    private let hub: EventHub
    private let log: EventLog?
    private let clock: @Sendable () -> Date

    /// - Parameter log: when given, ``UserEventEmitter/publish(_:payload:replyTo:)`` logs every
    ///   event (offset, epoch) before it is delivered.
    public init(hub: EventHub, log: EventLog? = nil, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.hub = hub
        self.log = log
        self.clock = clock
    }

    public func makeEmitter(for scope: EmitterScope) -> UserEventEmitter {
        UserEventEmitter(scope: scope, hub: hub, log: log, clock: clock)
    }
}
