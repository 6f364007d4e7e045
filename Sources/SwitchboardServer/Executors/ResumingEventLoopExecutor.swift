import NIOCore
import NIOPosix

/// Runs a job on the event loop whose thread enqueues it; a job enqueued anywhere else goes to
/// the global executor. Only for tasks that do little between waits (see ``EventLoopResumedService``).
final class ResumingEventLoopExecutor: TaskExecutor {
    func enqueue(_ job: consuming ExecutorJob) {
        if let loop = MultiThreadedEventLoopGroup.currentEventLoop {
            let job = UnownedJob(job)
            loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        } else {
            globalConcurrentExecutor.enqueue(job)
        }
    }
}
