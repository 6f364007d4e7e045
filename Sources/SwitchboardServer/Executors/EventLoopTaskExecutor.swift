import NIOCore

/// Runs a task's jobs on one NIO event loop: the WebSocket handshake's short async steps
/// (authentication, the user's log position) stay on the connection's loop, so no job is handed
/// from it to libdispatch (why that matters: ``EventLoopResumedService``).
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
