import NIOConcurrencyHelpers
import SwitchboardCore

/// Each user's epoch and next offset, kept so an append needs no read. At most `limit` users
/// are kept, plus those with events not yet stored: past it, users whose every event is stored
/// are let go (their next append reads the store again). Unbounded, it grew by one entry for
/// every user who ever ran anything.
final class EventLogCursors: Sendable {
    struct Cursor {
        var epoch: String
        var next: Int
        /// Offsets given out and not yet stored: a cursor is let go only at zero, when the
        /// store's last offset is `next - 1`.
        var unstored = 0
    }

    private struct Shard {
        var cursors: [UserID: Cursor] = [:]
        /// Raised whenever a cursor is let go or dropped: a position read before that may be
        /// older than what the dropped cursor had given out.
        var generation = 0
    }

    private let shards: [NIOLockedValueBox<Shard>]
    private let limitPerShard: Int
    private let statistics: EventLogStatistics

    init(shardCount: Int, limit: Int, statistics: EventLogStatistics) {
        let count = max(1, shardCount)
        self.shards = (0..<count).map { _ in NIOLockedValueBox(Shard()) }
        self.limitPerShard = max(4, limit / count)
        self.statistics = statistics
    }

    private func shard(for user: UserID) -> NIOLockedValueBox<Shard> {
        var hasher = Hasher()
        hasher.combine(user)
        return shards[Int(UInt(bitPattern: hasher.finalize()) % UInt(shards.count))]
    }

    /// Nil when the user has a cursor; else the generation to hand to ``insert(_:epoch:next:readAt:)``
    /// after reading the user's position.
    func generationIfMissing(_ user: UserID) -> Int? {
        shard(for: user).withLockedValue { $0.cursors[user] == nil ? $0.generation : nil }
    }

    /// Keeps a cursor read from the store, unless one appeared meanwhile (true) or a cursor of
    /// this shard was let go since `generation` (false: the read may be stale, read again).
    func insert(_ user: UserID, epoch: String, next: Int, readAt generation: Int) -> Bool {
        let (kept, change) = shard(for: user).withLockedValue { shard -> (Bool, Int) in
            if shard.cursors[user] != nil { return (true, 0) }
            guard shard.generation == generation else { return (false, 0) }
            let released = shard.cursors.count >= limitPerShard ? release(from: &shard) : 0
            shard.cursors[user] = Cursor(epoch: epoch, next: next)
            return (true, 1 - released)
        }
        if change != 0 { statistics.update { $0.cachedUsers += change } }
        return kept
    }

    /// Lets go of idle cursors down to three quarters of the limit (in one pass, so a full shard
    /// is not scanned on every insert); cursors with offsets not yet stored stay.
    private func release(from shard: inout Shard) -> Int {
        let target = limitPerShard * 3 / 4
        var kept: [UserID: Cursor] = [:]
        kept.reserveCapacity(limitPerShard)
        var released = 0
        for (user, cursor) in shard.cursors {
            if cursor.unstored == 0, shard.cursors.count - released > target {
                released += 1
            } else {
                kept[user] = cursor
            }
        }
        shard.cursors = kept
        shard.generation += 1
        return released
    }

    /// Runs `body` on the user's cursor under its shard lock; nil when the user has none (let
    /// go or dropped since it was loaded: load it again).
    func withCursor<Result>(of user: UserID, _ body: (inout Cursor) -> Result) -> Result? {
        shard(for: user).withLockedValue { shard -> Result? in
            guard var cursor = shard.cursors[user] else { return nil }
            let result = body(&cursor)
            shard.cursors[user] = cursor
            return result
        }
    }

    /// `stored[user]` of the user's offsets are now in the store. A shard past its limit (users
    /// who all had events in flight when they came) lets its idle users go now.
    func markStored(_ stored: [UserID: Int]) {
        var released = 0
        for (user, count) in stored {
            released += shard(for: user).withLockedValue { shard -> Int in
                shard.cursors[user]?.unstored -= count
                return shard.cursors.count > limitPerShard ? release(from: &shard) : 0
            }
        }
        if released > 0 { statistics.update { $0.cachedUsers -= released } }
    }

    /// Drops the user's cursor (its batch failed), running `body` under the shard lock.
    func drop(_ user: UserID, while body: () -> Void) {
        let dropped = shard(for: user).withLockedValue { shard -> Bool in
            let dropped = shard.cursors.removeValue(forKey: user) != nil
            shard.generation += 1
            body()
            return dropped
        }
        if dropped { statistics.update { $0.cachedUsers -= 1 } }
    }

    var count: Int { shards.reduce(0) { $0 + $1.withLockedValue { $0.cursors.count } } }
}
