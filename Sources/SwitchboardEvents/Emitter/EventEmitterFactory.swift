public import Foundation
import SwitchboardCore

/// Makes a fresh ``UserEventEmitter`` per run. Holds only the hub and a clock, both immutable,
/// so one factory serves every user without remembering any of them.
public struct EventEmitterFactory: Sendable {
    private let hub: EventHub
    private let clock: @Sendable () -> Date

    public init(hub: EventHub, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.hub = hub
        self.clock = clock
    }

    public func makeEmitter(for scope: EmitterScope) -> UserEventEmitter {
        UserEventEmitter(scope: scope, hub: hub, clock: clock)
    }
}
