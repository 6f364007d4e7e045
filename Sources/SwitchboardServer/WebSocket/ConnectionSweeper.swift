import NIOConcurrencyHelpers
import NIOCore
import SwitchboardCore
import Synchronization

/// The timers of every WebSocket on one event loop: a single task, re-armed every `period`
/// while the loop has connections, asks each connection whose heartbeat or resume window is due
/// to act. A scheduled task per connection cost ~200 bytes each, and NIO keeps its timers in a
/// per-loop heap that never shrinks: 10,000 connections left 1 MiB behind after they closed.
/// Used on its event loop only.
final class ConnectionSweeper {
    private let eventLoop: any EventLoop
    private let period: TimeAmount
    private let total: ConnectionSweepers.Total
    private var members: ContiguousArray<WebSocketConnectionHandler> = []
    private var armed: Scheduled<Void>?

    init(eventLoop: any EventLoop, period: TimeAmount, total: ConnectionSweepers.Total) {
        self.eventLoop = eventLoop
        self.period = period
        self.total = total
    }

    func add(_ handler: WebSocketConnectionHandler) {
        eventLoop.preconditionInEventLoop()
        guard handler.sweeperIndex == nil else { return }
        handler.sweeperIndex = members.count
        members.append(handler)
        total.count.add(1, ordering: .relaxed)
        if armed == nil { arm() }
    }

    func remove(_ handler: WebSocketConnectionHandler) {
        eventLoop.preconditionInEventLoop()
        guard let index = handler.sweeperIndex, index < members.count, members[index] === handler else { return }
        handler.sweeperIndex = nil
        total.count.subtract(1, ordering: .relaxed)
        let last = members.removeLast()
        if index < members.count {
            members[index] = last
            last.sweeperIndex = index
        }
        if members.isEmpty {
            armed?.cancel()
            armed = nil
            members = []
        } else if members.capacity > 64, members.count * 4 < members.capacity {
            // Give back the room thousands of closed connections needed.
            var compact = ContiguousArray<WebSocketConnectionHandler>()
            compact.reserveCapacity(members.count)
            compact.append(contentsOf: members)
            members = compact
        }
    }

    private func arm() {
        armed = eventLoop.assumeIsolated().scheduleTask(in: period) { [self] in
            armed = nil
            sweep(now: NIODeadline.now().uptimeNanoseconds)
            if !members.isEmpty, armed == nil { arm() }
        }
    }

    /// Lets every member whose deadline passed act; collected first, since acting may close a
    /// connection and so change `members`.
    func sweep(now: UInt64) {
        var due: [WebSocketConnectionHandler] = []
        for handler in members where handler.nextTimerDeadline <= now { due.append(handler) }
        for handler in due { handler.timersDue(now: now) }
    }
}

/// One ``ConnectionSweeper`` per event loop, made when the loop's first connection opens.
final class ConnectionSweepers: Sendable {
    final class Total: Sendable {
        let count = Atomic<Int>(0)
    }

    let period: TimeAmount
    private let total = Total()
    private let sweepers = NIOLockedValueBox<[ObjectIdentifier: NIOLoopBound<ConnectionSweeper>]>([:])

    init(settings: WebSocketSettings) {
        // A quarter of the shortest timer, so none fires more than a quarter late; never busier
        // than every 10 ms nor lazier than every 250 ms.
        let shortest = min(
            settings.heartbeatIntervalSeconds, settings.pongTimeoutSeconds, settings.idleTimeoutSeconds,
            settings.resumeWindowSeconds)
        let quarter = Int64((shortest / 4 * 1e9).rounded())
        self.period = .nanoseconds(min(max(quarter, 10_000_000), 250_000_000))
    }

    /// Connections whose timers are kept, on every loop: the live WebSockets.
    var connectionCount: Int { total.count.load(ordering: .relaxed) }

    /// The sweeper of `eventLoop`; call on that loop.
    func sweeper(on eventLoop: any EventLoop) -> ConnectionSweeper {
        let (period, total) = (self.period, self.total)
        return sweepers.withLockedValue { sweepers in
            let key = ObjectIdentifier(eventLoop)
            if let existing = sweepers[key] { return existing.value }
            let made = ConnectionSweeper(eventLoop: eventLoop, period: period, total: total)
            sweepers[key] = NIOLoopBound(made, eventLoop: eventLoop)
            return made
        }
    }
}
