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

    /// A user's position being read from the store by `readers` appends at once. `version` is
    /// raised when the user's cursor is let go or dropped meanwhile: a read begun before that
    /// may be older than what the cursor had given out.
    private struct Load {
        var readers = 0
        var version = 0
    }

    /// What ``beginLoad(_:)`` hands out and ``insert(_:epoch:next:load:)`` takes back.
    struct LoadTicket {
        fileprivate let version: Int
    }

    private struct Shard {
        var cursors: [UserID: Cursor] = [:]
        /// Only users being read right now, so a cursor let go makes only its own user's reads
        /// stale. (One version for the whole shard made every read in flight start over at each
        /// release: with many users loading at once past the limit, reads chased each other
        /// until the connection pool's queue timed out.)
        var loads: [UserID: Load] = [:]
        /// Cursors with every offset stored. A pass to let go runs only when enough of them are
        /// idle to get down to the target, so a shard of busy users is never scanned in vain.
        var idle = 0

        func shouldRelease(over limit: Int, to target: Int) -> Bool {
            cursors.count > limit && idle >= cursors.count - target
        }
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

    /// Nil when the user has a cursor; else a ticket for reading the user's position, handed
    /// back to ``insert(_:epoch:next:load:)`` or ``abandon(_:load:)``.
    func beginLoad(_ user: UserID) -> LoadTicket? {
        shard(for: user).withLockedValue { shard -> LoadTicket? in
            guard shard.cursors[user] == nil else { return nil }
            shard.loads[user, default: Load()].readers += 1
            return LoadTicket(version: shard.loads[user]!.version)
        }
    }

    /// The read behind `load` failed.
    func abandon(_ user: UserID, load: LoadTicket) {
        shard(for: user).withLockedValue { _ = Self.endLoad(of: user, in: &$0) }
    }

    private static func endLoad(of user: UserID, in shard: inout Shard) -> Int {
        guard var load = shard.loads[user] else { return -1 }
        load.readers -= 1
        shard.loads[user] = load.readers == 0 ? nil : load
        return load.version
    }

    /// Keeps a cursor read from the store, unless one appeared meanwhile (true) or the user's
    /// cursor was let go since the read began (false: it may be stale, read again).
    func insert(_ user: UserID, epoch: String, next: Int, load: LoadTicket) -> Bool {
        let (kept, change) = shard(for: user).withLockedValue { shard -> (Bool, Int) in
            let version = Self.endLoad(of: user, in: &shard)
            if shard.cursors[user] != nil { return (true, 0) }
            guard version == load.version else { return (false, 0) }
            shard.cursors[user] = Cursor(epoch: epoch, next: next)
            shard.idle += 1
            let released = shard.shouldRelease(over: limitPerShard, to: target) ? release(from: &shard, keeping: user) : 0
            return (true, 1 - released)
        }
        if change != 0 { statistics.update { $0.cachedUsers += change } }
        return kept
    }

    /// Three quarters of the limit: a pass leaves room for a quarter more before the next.
    private var target: Int { limitPerShard * 3 / 4 }

    /// Lets go of idle cursors (not `kept`, just loaded) down to ``target`` in one pass; cursors
    /// with offsets not yet stored stay.
    private func release(from shard: inout Shard, keeping kept: UserID? = nil) -> Int {
        var remaining: [UserID: Cursor] = [:]
        remaining.reserveCapacity(limitPerShard)
        var released = 0
        for (user, cursor) in shard.cursors {
            if cursor.unstored == 0, user != kept, shard.cursors.count - released > target {
                released += 1
                shard.loads[user]?.version += 1
            } else {
                remaining[user] = cursor
            }
        }
        shard.cursors = remaining
        shard.idle -= released
        return released
    }

    /// Runs `body` on the user's cursor under its shard lock; nil when the user has none (let
    /// go or dropped since it was loaded: load it again).
    func withCursor<Result>(of user: UserID, _ body: (inout Cursor) -> Result) -> Result? {
        shard(for: user).withLockedValue { shard -> Result? in
            guard var cursor = shard.cursors[user] else { return nil }
            let wasIdle = cursor.unstored == 0
            let result = body(&cursor)
            if wasIdle, cursor.unstored > 0 { shard.idle -= 1 }
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
                guard var cursor = shard.cursors[user] else { return 0 }
                cursor.unstored -= count
                if cursor.unstored == 0 { shard.idle += 1 }
                shard.cursors[user] = cursor
                return shard.shouldRelease(over: limitPerShard, to: target) ? release(from: &shard) : 0
            }
        }
        if released > 0 { statistics.update { $0.cachedUsers -= released } }
    }

    /// Drops the user's cursor (its batch failed), running `body` under the shard lock.
    func drop(_ user: UserID, while body: () -> Void) {
        let dropped = shard(for: user).withLockedValue { shard -> Bool in
            let removed = shard.cursors.removeValue(forKey: user)
            if removed?.unstored == 0 { shard.idle -= 1 }
            shard.loads[user]?.version += 1
            body()
            return removed != nil
        }
        if dropped { statistics.update { $0.cachedUsers -= 1 } }
    }
}
