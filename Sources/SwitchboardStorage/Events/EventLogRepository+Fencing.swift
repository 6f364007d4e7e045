public import Foundation

/// Fencing, where several processes write the log (instances on PostgreSQL). A lease alone
/// cannot keep a run to one owner: an instance paused (a stopped VM, a long GC-like stall) or cut
/// off from the database past its lease has its runs ended by a peer, then wakes up believing it
/// still owns them. So each process's writer has a row in `event_writers`; every batch takes a
/// share lock on it and stores nothing unless the row is unfenced, and a peer fences the row
/// (an update, which waits for a batch in flight to commit) before it claims the runs. After
/// the fence, the old owner's next batch stores nothing and is told so (``StorageError/writerFenced(_:)``).
///
/// ```swift
/// try await log.registerWriter(instanceID: "api-1")                 // at start, before any event
/// try await log.fenceWriters(ofInstances: ["api-2"], by: "api-1")    // before claiming api-2's runs
/// ```
extension EventLogRepository {
    /// Registers this process's writer (``writerID``) under its instance, and fences the writers
    /// of earlier processes under the same instance id (a restart under a fixed id whose previous
    /// process might still be alive somewhere). Call before the first append.
    public func registerWriter(instanceID: String) async throws {
        guard let writerID else { return }
        _ = try await database.query(SQLStatement(
            "INSERT INTO event_writers (writer_id, instance_id, registered_at) VALUES ($1, $2, $3) ON CONFLICT (writer_id) DO NOTHING",
            [.text(writerID), .text(instanceID), .timestamp(now())]))
        try await fenceWriters(ofInstances: [instanceID], by: instanceID)
    }

    /// Fences every writer of these instances except this process's own: waits for a batch of
    /// theirs in flight to commit, and from then on refuses all of their batches. Idempotent.
    public func fenceWriters(ofInstances instances: [String], by fencer: String) async throws {
        guard !instances.isEmpty else { return }
        let placeholders = instances.indices.map { "$\($0 + 4)" }.joined(separator: ", ")
        _ = try await database.query(SQLStatement(
            """
            UPDATE event_writers SET fenced_at = $1, fenced_by = $2
            WHERE fenced_at IS NULL AND writer_id <> $3 AND instance_id IN (\(placeholders))
            """,
            [.timestamp(now()), .text(fencer), .text(writerID ?? "")] + instances.map { .text($0) }))
    }

    /// Marks this process's own writer fenced at a graceful stop (nothing more is written), so
    /// that ``forgetFencedWriters(before:)`` removes its row in time.
    public func retireWriter() async throws {
        guard let writerID else { return }
        _ = try await database.query(SQLStatement(
            "UPDATE event_writers SET fenced_at = $1, fenced_by = instance_id WHERE writer_id = $2 AND fenced_at IS NULL",
            [.timestamp(now()), .text(writerID)]))
    }

    /// Removes writers fenced before `date`: they can no longer store anything, whether or not
    /// their row is there (a batch stores only under an unfenced row of its writer).
    public func forgetFencedWriters(before date: Date) async throws {
        _ = try await database.query(SQLStatement("DELETE FROM event_writers WHERE fenced_at < $1", [.timestamp(date)]))
    }

    /// The statement that locks this writer's row for the rest of the transaction: no row means
    /// the writer is fenced (or was never registered) and the batch must store nothing.
    var writerLock: SQLStatement? {
        writerID.map { SQLStatement("SELECT 1 FROM event_writers WHERE writer_id = $1 AND fenced_at IS NULL FOR SHARE", [.text($0)]) }
    }

    var fencedError: StorageError {
        .writerFenced("the event-log writer \(writerID ?? "?") was fenced: a peer declared this instance lost and took over its runs")
    }
}
