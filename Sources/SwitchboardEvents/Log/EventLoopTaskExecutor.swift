public import NIOCore

/// Runs a task's jobs on one NIO event loop. The WebSocket handshake's short async steps
/// (authentication, the user's log position) stay on the connection's loop, so no job is handed
/// from it to libdispatch; the event log's writer keeps to its own loop, whose timer is its linger.
public final class EventLoopTaskExecutor: TaskExecutor {
    public let eventLoop: any EventLoop

    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
