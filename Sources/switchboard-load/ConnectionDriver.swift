import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOWebSocket
import SwitchboardLoad
import Synchronization

/// Runs one logical connection: opens the socket (again after a `--resume-chaos` drop), feeds
/// frames and ticks to its ``DriverState`` and performs the actions it returns.
struct ConnectionDriver: Sendable {
    let plan: ConnectionPlan
    let group: Peers
    let counters: LiveCounters
    let logger: Logger

    private enum Input: Sendable {
        case frame(String, receivedMicros: Int64)
        case tick
        case closed(String?)
    }

    private enum SocketEnd: Sendable {
        case finished
        case dropped
        case lost(String)
    }

    /// Holds the state between sockets; a socket's handler takes it and puts it back.
    private final class StateBox: Sendable {
        let state: Mutex<DriverState>
        init(_ state: DriverState) { self.state = Mutex(state) }
    }

    /// `connected` is called once the first socket is open or has failed (frees a connect slot).
    func run(connected: @escaping @Sendable () -> Void) async -> ConnectionResult {
        let clock = ContinuousClock()
        let box = StateBox(DriverState(plan: plan, now: clock.now))
        let slotFreed = Mutex(false)
        let freeSlot: @Sendable () -> Void = {
            if slotFreed.withLock({ freed in defer { freed = true }; return !freed }) { connected() }
        }
        defer { freeSlot() }
        var reconnectDelay = Duration.milliseconds(100)
        while true {
            box.state.withLock { $0.connecting(at: clock.now) }
            let end = await socket(box, freeSlot: freeSlot)
            let (everConnected, finished) = box.state.withLock { ($0.markedConnected, $0.markedFinished) }
            switch end {
            case .finished:
                break
            case .dropped:
                continue
            case .lost(let reason) where plan.reconnects && everConnected && !finished && clock.now < plan.endOfTest + .seconds(120):
                // An instance killed or restarted behind the load balancer: the next socket lands
                // on another and resumes; runs whose start the lost socket never acknowledged are
                // the client's to retry, not the server's to end.
                box.state.withLock { $0.socketLost(reason: reason) }
                try? await Task.sleep(for: reconnectDelay)
                reconnectDelay = min(reconnectDelay * 2, .seconds(2))
                continue
            case .lost(let reason):
                box.state.withLock { state in
                    if !everConnected { state.result.failure = reason } else { state.result.errors["closed:\(reason)", default: 0] += 1 }
                }
                counters.bump(.problems)
            }
            group.markGone(wasConnected: everConnected, wasFinished: finished, startsRuns: plan.startsRuns)
            return box.state.withLock { $0.finish() }
        }
    }

    private func socket(_ box: StateBox, freeSlot: @escaping @Sendable () -> Void) async -> SocketEnd {
        var configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 24)
        configuration.additionalHeaders = [.authorization: "Bearer \(plan.token)"]
        let ending = Mutex<SocketEnd>(.lost("closed before connection_established"))
        do {
            let close = try await WebSocketClient.connect(url: plan.url, configuration: configuration, logger: logger) {
                inbound, outbound, _ in
                let end = try await session(box, inbound: inbound, outbound: outbound, freeSlot: freeSlot)
                ending.withLock { $0 = end }
            }
            let end = ending.withLock { $0 }
            if case .lost = end, let code = close?.closeCode { return .lost("close \(code)") }
            return end
        } catch {
            freeSlot()
            return .lost("\(error)")
        }
    }

    private func session(
        _ box: StateBox, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        freeSlot: @escaping @Sendable () -> Void
    ) async throws -> SocketEnd {
        let clock = ContinuousClock()
        let (inputs, feed) = AsyncStream<Input>.makeStream()
        let plan = self.plan
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                do {
                    for try await message in inbound.messages(maxSize: 1 << 24) {
                        guard case .text(let text) = message else { continue }
                        feed.yield(.frame(text, receivedMicros: Self.wallMicros()))
                    }
                    feed.yield(.closed(nil))
                } catch {
                    feed.yield(.closed("\(error)"))
                }
                feed.finish()
            }
            tasks.addTask {
                // Idle connections sleep until the end of the test; active ones tick for
                // deadlines and peers. One wake-up per quarter second per active connection.
                if !plan.startsRuns { try? await Task.sleep(until: plan.endOfTest, clock: clock) }
                while !Task.isCancelled {
                    feed.yield(.tick)
                    try? await Task.sleep(for: plan.startsRuns ? .milliseconds(250) : .seconds(1))
                }
            }
            defer { tasks.cancelAll() }
            var state = box.state.withLock { $0 }
            defer { box.state.withLock { $0 = state } }
            var opened = false
            defer { if opened { counters.bump(.connected, by: -1) } }
            var closingSince: ContinuousClock.Instant?
            for await input in inputs {
                let actions: [DriverState.Action]
                switch input {
                case .frame(let text, let received):
                    actions = state.frame(text, receivedMicros: received, now: clock.now, group: group, counters: counters)
                    if !opened, state.result.connectMicros.count > 0 || state.result.reconnects > 0 {
                        opened = true
                        counters.bump(.connected)
                        freeSlot()
                    }
                case .tick:
                    actions = state.tick(now: clock.now, group: group)
                    if let since = closingSince, clock.now - since > .seconds(5) { return .finished }
                case .closed(let error):
                    if closingSince != nil { return .finished }
                    return .lost(error ?? "closed by the server")
                }
                for action in actions {
                    switch action {
                    case .send(let text):
                        try await outbound.write(.text(text))
                    case .close:
                        closingSince = clock.now
                        try await outbound.close(.normalClosure, reason: nil)
                    case .drop:
                        return .dropped
                    }
                }
            }
            return closingSince != nil ? .finished : .lost("input ended")
        }
    }

    private static func wallMicros() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) }
}
