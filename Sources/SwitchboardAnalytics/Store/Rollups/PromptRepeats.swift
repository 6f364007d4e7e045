import Foundation
import SwitchboardStorage

/// Keeps the cache analysis additive: `usage_prompt_firsts` remembers, per user and prompt
/// hash, the earliest call stored (time, then event id); every later call of that hash is a
/// repeat, added to `usage_prompt_repeats` per (user, day, hash, model). A call that arrives
/// late but is earlier than the remembered first takes its place, and the old first becomes a
/// repeat — so the result never depends on the order events arrive in.
struct PromptRepeats {
    struct First: Equatable {
        var micros: Int64
        var eventID: String
        var model: String
        var costUSD: Double

        init(micros: Int64, eventID: String, model: String, costUSD: Double) {
            self.micros = micros
            self.eventID = eventID
            self.model = model
            self.costUSD = costUSD
        }

        init(_ event: UsageEvent) {
            self.init(micros: Self.micros(event.timestamp), eventID: event.eventID, model: event.model, costUSD: event.costUSD)
        }

        func precedes(_ other: First) -> Bool { (micros, eventID) < (other.micros, other.eventID) }

        var timestamp: Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

        static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
    }

    struct RepeatKey: Hashable {
        var day: String, hash: String, model: String
    }

    /// What one new event turned out to be. `displaced` is the stored first call it replaced
    /// (which from now on counts as a repeat).
    struct Classification {
        var isFirst = false
        var isRepeat = false
        var displaced: First?
    }

    let user: String
    private let stored: [String: First]
    private(set) var changedFirsts: [String: First] = [:]
    private(set) var repeats: [RepeatKey: (calls: Int64, costUSD: Double)] = [:]
    /// By position of the calls added; nil for events without a prompt hash. Empty when nobody
    /// reads them (the SQL store keeps only the sums).
    private(set) var classifications: [Classification?]

    /// - Parameters:
    ///   - stored: the remembered first call of each prompt hash to be added that has one.
    ///   - count: how many positions ``classifications`` holds.
    init(user: String, stored: [String: First], classifying count: Int = 0) {
        self.user = user
        self.stored = stored
        classifications = Array(repeating: nil, count: count)
    }

    /// The whole classification of a user's newly stored events, by their position.
    init(user: String, events: [UsageEvent], stored: [String: First]) {
        self.init(user: user, stored: stored, classifying: events.count)
        add(PromptCalls(events))
    }

    /// Adds a user's newly stored calls. Calls added later may displace a first an earlier
    /// ``add(_:)`` took: the sums come out as if all had been added at once.
    mutating func add(_ calls: PromptCalls) {
        for (hash, hashCalls) in calls.byHash {
            var current = changedFirsts[hash] ?? stored[hash]
            var changed = false
            // In time order, only the earliest new call can precede the stored first.
            for call in hashCalls {
                guard let first = current else {
                    current = call.first
                    changed = true
                    classify(call.position, Classification(isFirst: true))
                    continue
                }
                if call.first.precedes(first) {
                    addRepeat(first, hash: hash)
                    current = call.first
                    changed = true
                    classify(call.position, Classification(isFirst: true, displaced: first))
                } else {
                    addRepeat(call.first, hash: hash)
                    classify(call.position, Classification(isRepeat: true))
                }
            }
            if changed, let current { changedFirsts[hash] = current }
        }
    }

    private mutating func classify(_ position: Int, _ classification: Classification) {
        if classifications.indices.contains(position) { classifications[position] = classification }
    }

    private var days = UsageDay.Keys()

    private mutating func addRepeat(_ call: First, hash: String) {
        let key = RepeatKey(day: days.key(call.timestamp), hash: hash, model: call.model)
        repeats[key, default: (0, 0)].calls += 1
        repeats[key]?.costUSD += call.costUSD
    }

    static let lookupChunk = 900

    /// Reads the remembered firsts of `hashes`, a chunk of hashes per statement.
    static func stored(user: String, hashes: [String], in executor: any DatabaseExecutor) async throws -> [String: First] {
        var found: [String: First] = [:]
        for start in stride(from: 0, to: hashes.count, by: lookupChunk) {
            let chunk = hashes[start..<min(start + lookupChunk, hashes.count)]
            let placeholders = (0..<chunk.count).map { "$\($0 + 2)" }.joined(separator: ", ")
            let rows = try await executor.query(SQLStatement(
                "SELECT prompt_hash, first_at, first_event_id, model, cost_usd FROM usage_prompt_firsts "
                    + "WHERE user_id = $1 AND prompt_hash IN (\(placeholders))",
                [.text(user)] + chunk.map(SQLValue.text)))
            for row in rows {
                found[try row.text("prompt_hash")] = First(
                    micros: First.micros(try row.timestamp("first_at")), eventID: try row.text("first_event_id"),
                    model: try row.text("model"), costUSD: try row.double("cost_usd"))
            }
        }
        return found
    }

    /// The upserts that store the new firsts and add the repeats.
    var statements: [SQLStatement] {
        let firstRows: [SQLValue] = changedFirsts.flatMap { hash, first -> [SQLValue] in
            [.text(user), .text(hash), .timestamp(first.timestamp), .text(first.eventID), .text(first.model), .double(first.costUSD)]
        }
        let repeatRows: [SQLValue] = repeats.flatMap { key, sums -> [SQLValue] in
            [.text(user), .text(key.day), .text(key.hash), .text(key.model), .integer(sums.calls), .double(sums.costUSD)]
        }
        return BulkStatement.insert(
            into: "usage_prompt_firsts", columns: ["user_id", "prompt_hash", "first_at", "first_event_id", "model", "cost_usd"],
            rows: firstRows,
            suffix: "ON CONFLICT (user_id, prompt_hash) DO UPDATE SET first_at = excluded.first_at, "
                + "first_event_id = excluded.first_event_id, model = excluded.model, cost_usd = excluded.cost_usd")
            + BulkStatement.insert(
                into: "usage_prompt_repeats", columns: ["user_id", "day", "prompt_hash", "model", "calls", "cost_usd"],
                rows: repeatRows,
                suffix: "ON CONFLICT (user_id, day, prompt_hash, model) DO UPDATE SET "
                    + "calls = usage_prompt_repeats.calls + excluded.calls, cost_usd = usage_prompt_repeats.cost_usd + excluded.cost_usd")
    }
}

/// One user's calls of each prompt hash, earliest first, each with its position among the
/// events it came from: what ``PromptRepeats`` classifies. The SQL store makes it for a request
/// before the request's turn to write.
struct PromptCalls: Sendable {
    struct Call: Sendable {
        var position: Int
        var first: PromptRepeats.First
    }

    private(set) var byHash: [String: [Call]] = [:]

    init(_ events: [UsageEvent]) {
        // Positions and the few fields a first needs, not copies of the events: a copy retains six strings.
        for index in events.indices {
            if let hash = events[index].promptHash {
                byHash[hash, default: []].append(Call(position: index, first: PromptRepeats.First(events[index])))
            }
        }
        for index in byHash.values.indices where byHash.values[index].count > 1 {
            byHash.values[index].sort { $0.first.precedes($1.first) }
        }
    }

    /// The hashes whose stored firsts must be looked up first.
    var hashes: Dictionary<String, [Call]>.Keys { byHash.keys }
}
