public import Foundation

/// Runs whose instance died, on PostgreSQL shared by several instances.
extension RunRepository {
    /// Takes over up to `limit` runs still `running` that no live instance holds — their
    /// instance stopped, or was declared lost (``InstanceRepository/markLost(_:)``, which comes
    /// only after its event-log writer was fenced), or is this instance's id in a process started
    /// before `startedAt` (a restart under a fixed id) — and answers them. An instance merely
    /// silent is not enough: until it is fenced it could still log events of its runs. Each row
    /// is locked `FOR UPDATE SKIP LOCKED` and its `instance_id` set to this instance in one
    /// statement, so two survivors claiming at once never take the same run; the claimed run
    /// stays `running` until its new owner has ended it, and if that owner dies first, the run
    /// is claimed again. PostgreSQL only.
    public func claimAbandonedRuns(startedAt: Date, limit: Int = 100) async throws -> [RunRecord] {
        guard let instanceID else { return [] }
        return try await database.query(SQLStatement(
            """
            UPDATE runs SET instance_id = $1 WHERE id IN (
                SELECT id FROM runs
                WHERE status = $2 AND (
                    instance_id IS NULL
                    OR (instance_id = $1 AND started_at < $3)
                    OR (instance_id <> $1 AND instance_id NOT IN (
                        SELECT id FROM instances WHERE stopped_at IS NULL AND lost_at IS NULL)))
                ORDER BY started_at LIMIT $4
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """,
            [.text(instanceID), .text(RunStatus.running.rawValue), .timestamp(startedAt), .int(limit)])
        ).map(Self.record)
    }

    /// Ends a claimed run (``claimAbandonedRuns(startedAt:limit:)``) as its terminal event said.
    public func finishClaimed(_ run: RunRecord, status: RunStatus, error: String?, errorCode: String?) async throws {
        _ = try await database.query(
            Self.finishStatement(
                owner: run.userID, id: run.id, status: status, error: error, errorCode: errorCode, at: now(), instanceID: instanceID))
    }
}
