import NIOCore

/// Where the event log's writer runs, and how long it lingers before the first batch after an
/// idle spell.
///
/// A commit of the log costs about the same for one event as for ten (the pages it writes, the
/// hand-offs around it), and a run's events come in bursts: `agent_completed`, `progress_update`,
/// `agent_started`, `agent_thinking` within a few hundred microseconds. Written as they came, a
/// commit carried 2.5 events in the delay scenario of `bench/event-path`; lingering 300 µs, ~7.
/// On its own event loop the linger is that loop's timer, and the writer's statements never take
/// one of the threads the runs share.
struct WriterPlacement: Sendable {
    let executor: EventLoopTaskExecutor?
    let lingerTime: TimeAmount

    init(loop: (any EventLoop)?, linger: TimeAmount) {
        self.executor = loop.map(EventLoopTaskExecutor.init)
        self.lingerTime = linger
    }

    /// Starts the writer's task where it runs.
    func start(_ body: @escaping @Sendable () async -> Void) {
        if let executor {
            Task(executorPreference: executor, operation: body)
        } else {
            Task(operation: body)
        }
    }

    func linger() async {
        guard lingerTime > .nanoseconds(0) else { return }
        guard let loop = executor?.eventLoop else {
            try? await Task.sleep(for: .nanoseconds(lingerTime.nanoseconds))
            return
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // Resumed whether the timer fires or the loop shuts down first.
            loop.scheduleTask(in: lingerTime) {}.futureResult.whenComplete { _ in continuation.resume() }
        }
    }
}
