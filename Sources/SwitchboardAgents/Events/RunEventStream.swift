import NIOConcurrencyHelpers
public import SwitchboardProtocol

/// The one path a run's events take to its sink. It makes "exactly one terminal event, and it
/// is the last" hold whatever races: the first ``finish(_:payload:)`` wins, and everything after
/// it (a late step of a cancelled workflow, a second terminal) is dropped and counted. Made per
/// run; its existence is counted so tests can prove nothing of a run outlives it.
public final class RunEventStream: Sendable {
    private struct State {
        var finished = false
        var terminal: ServerEventType?
        var dropped = 0
        var emitted = 0
    }

    private let sink: any RunEventSink
    private let statistics: ExecutionStatistics
    /// Told just before the terminal event goes to the sink.
    private let terminating: @Sendable () -> Void
    private let state = NIOLockedValueBox(State())
    /// Serialises emits so events reach the sink in the order they were made.
    private let order = AsyncSerialGate()

    init(sink: any RunEventSink, statistics: ExecutionStatistics, terminating: @escaping @Sendable () -> Void = {}) {
        self.sink = sink
        self.statistics = statistics
        self.terminating = terminating
        statistics.streamOpened()
    }

    deinit { statistics.streamClosed() }

    /// Sends a non-terminal event; dropped once the run has finished.
    public func emit(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String? = nil) async {
        await order.run {
            let open = state.withLockedValue { state -> Bool in
                if state.finished { state.dropped += 1 } else { state.emitted += 1 }
                return !state.finished
            }
            if open { await sink.emit(type, payload: payload, replyTo: replyTo) }
        }
    }

    /// Sends the run's terminal event, unless one was sent already. Answers whether this one was.
    @discardableResult
    public func finish(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String? = nil) async -> Bool {
        await order.run {
            let first = state.withLockedValue { state -> Bool in
                guard !state.finished else {
                    state.dropped += 1
                    return false
                }
                state.finished = true
                state.terminal = type
                state.emitted += 1
                return true
            }
            if first {
                terminating()
                await sink.finish(type, payload: payload, replyTo: replyTo)
            }
            return first
        }
    }

    public var isFinished: Bool { state.withLockedValue(\.finished) }
    public var terminalType: ServerEventType? { state.withLockedValue(\.terminal) }
    /// Events refused because the run had already finished.
    public var droppedAfterFinish: Int { state.withLockedValue(\.dropped) }
}

/// Runs async closures one at a time, in call order, without holding a lock across `await`.
final class AsyncSerialGate: Sendable {
    private struct State {
        var busy = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())

    func run<Result: Sendable>(_ body: () async -> Result) async -> Result {
        await acquire()
        let result = await body()
        release()
        return result
    }

    private func acquire() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLockedValue { state -> Bool in
                if state.busy {
                    state.waiters.append(continuation)
                    return false
                }
                state.busy = true
                return true
            }
            if ready { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.busy = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
