public import Logging
import Synchronization
public import SwitchboardEvents
import SwitchboardCore
import SwitchboardProtocol

/// The WebSocket side of a graceful shutdown, started by the HTTP server's quiesce (SIGTERM:
/// the listener has stopped accepting): drain in-flight work (``DrainableWork``) within
/// `drainTimeout`, then tell every connected client `server_shutdown {reconnect_after_ms}` and
/// close its socket with 1001. The HTTP server waits for those sockets to close, so the process
/// exits only after this. Runs once, however many connections report the quiesce.
public final class ShutdownCoordinator: Sendable {
    let hub: EventHub
    let emitterFactory: EventEmitterFactory
    let work: [any DrainableWork]
    let drainTimeout: Duration
    let reconnectAfter: Duration
    /// Asked at shutdown: true where other live instances share the event log — clients are
    /// then sent to them at once, and the runs drain after (their events reach the clients
    /// there through the log). Alone, an instance drains first: its clients have nowhere to go.
    let sendsClientsAwayFirst: @Sendable () async -> Bool
    let logger: Logger
    private let started = Atomic<Bool>(false)
    private let running = Mutex<Task<Void, Never>?>(nil)

    public init(
        hub: EventHub, emitterFactory: EventEmitterFactory, work: [any DrainableWork] = [],
        drainTimeout: Duration = .seconds(10), reconnectAfter: Duration = .seconds(2), sendsClientsAwayFirst: @escaping @Sendable () async -> Bool = { false },
        logger: Logger
    ) {
        self.sendsClientsAwayFirst = sendsClientsAwayFirst
        self.hub = hub
        self.emitterFactory = emitterFactory
        self.work = work
        self.drainTimeout = drainTimeout
        self.reconnectAfter = reconnectAfter
        self.logger = logger
    }

    /// Idempotent; called from a channel's event loop, so the async part runs in its own task
    /// (the quiescing server awaits the sockets it closes, not this task).
    func begin() {
        guard started.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        let task = Task { await shutDownConnections() }
        running.withLock { $0 = task }
    }

    /// Begins (if a quiesce has not) and returns when every connection was told and closed.
    func finish() async {
        begin()
        await running.withLock { $0 }?.value
    }

    /// Drains, then says goodbye to and closes every connection. Public for servers that stop
    /// without a quiesce (tests cancelling the task).
    public func shutDownConnections() async {
        if await sendsClientsAwayFirst() {
            sayGoodbye(beforeDraining: true)
            await drain()
        } else {
            await drain()
            sayGoodbye(beforeDraining: false)
        }
    }

    private func drain() async {
        await withTaskGroup(of: Void.self) { group in
            for work in work {
                group.addTask { await work.drain(timeout: self.drainTimeout) }
            }
        }
    }

    private func sayGoodbye(beforeDraining: Bool) {
        let clock = ContinuousClock()
        let began = clock.now
        let connections = hub.allConnections
        let milliseconds = Int(reconnectAfter.components.seconds * 1000)
            + Int(reconnectAfter.components.attoseconds / 1_000_000_000_000_000)
        let payload = ServerShutdownPayload(reconnectAfterMilliseconds: milliseconds)
        for connection in connections {
            do {
                let emitter = emitterFactory.makeEmitter(for: EmitterScope(userID: connection.userID))
                connection.deliver(try emitter.makeEvent(.serverShutdown, payload: payload))
            } catch {
                logger.error("could not encode server_shutdown", metadata: ["error": "\(error)"])
            }
            // Queued on the connection's event loop behind the write of server_shutdown.
            connection.close(.goingAway, reason: "server shutdown")
        }
        logger.info(
            "websocket connections told to reconnect and closed",
            metadata: [
                "connections": "\(connections.count)", "drained_work": "\(work.count)", "before_draining": "\(beforeDraining)",
                "reconnect_after_ms": "\(milliseconds)",
                "duration_ms": "\((clock.now - began).components.seconds * 1000 + (clock.now - began).components.attoseconds / 1_000_000_000_000_000)",
            ])
    }
}
