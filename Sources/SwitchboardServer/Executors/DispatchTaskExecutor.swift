import Dispatch

/// The global concurrent queue as a task executor of its own. A task inside another preference
/// (``ResumingEventLoopExecutor``) that must run off the event loops prefers this one:
/// `globalConcurrentExecutor` cannot be preferred — as a preference it stands for "none", which
/// leaves the enclosing preference in force.
final class DispatchTaskExecutor: TaskExecutor {
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        DispatchQueue.global().async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
