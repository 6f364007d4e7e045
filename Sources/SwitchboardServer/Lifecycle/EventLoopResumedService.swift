import ServiceLifecycle

/// Runs a service (the HTTP server) with its tasks preferring ``ResumingEventLoopExecutor``: a
/// job that an event loop makes ready (an accepted connection for the accept loop, an upgrade
/// decided for a connection's Task) runs on that loop instead of being handed to libdispatch.
///
/// Why: each hand-off from a NIO thread to the global executor is a libdispatch continuation
/// allocated on that thread's heap and freed into a worker thread's continuation cache (up to
/// 1,024 each, kept while the worker lives). After a burst of connections those continuations
/// sat one or two to a page over the pages the connections had used, and the server stayed
/// 8 MiB above its base after they all closed. Plain HTTP requests are handled under
/// ``DispatchTaskExecutor`` (``SwitchboardChildChannel``), so no handler runs on an event loop.
struct EventLoopResumedService<Wrapped: Service>: Service {
    let wrapped: Wrapped

    func run() async throws {
        try await withTaskExecutorPreference(ResumingEventLoopExecutor()) {
            try await wrapped.run()
        }
    }
}
