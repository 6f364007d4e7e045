/// What an insert must know before it writes: which of its events are stored already, and the
/// stored first call of each prompt it carries. Each is one query for a whole group of batches,
/// the keys sent as an external table (``ClickHouseExternalTable``); the `user_id IN` literal,
/// a handful of users, lets ClickHouse read only those users' ranges of the sorting key.
extension ClickHouseAnalyticsStore {
    func existingIDs(among events: [UsageEvent]) async throws(AnalyticsError) -> Set<EventKey> {
        var wanted = ClickHouseExternalTable(name: "wanted", structure: "user_id String, event_id String")
        var seen = Set<EventKey>(minimumCapacity: events.count)
        for event in events where seen.insert(EventKey(user: event.userID, event: event.eventID)).inserted {
            wanted.append([event.userID, event.eventID])
        }
        let answer = try await client.query("""
            SELECT DISTINCT user_id, event_id FROM \(schema.events) WHERE \(Self.users(of: events)) AND (user_id, event_id) IN wanted
            FORMAT TabSeparated
            """, with: wanted)
        var found = Set<EventKey>()
        for fields in ClickHouseTabSeparated.rows(in: answer) {
            guard fields.count == 2 else { throw .storeUnavailable("ClickHouse answered an id row that cannot be read") }
            found.insert(EventKey(user: fields[0], event: fields[1]))
        }
        return found
    }

    /// Per user, per prompt hash: the first call stored (earliest by time, then event id).
    func storedFirsts(of events: [UsageEvent]) async throws(AnalyticsError) -> [String: [String: PromptRepeats.First]] {
        var wanted = ClickHouseExternalTable(name: "wanted", structure: "user_id String, prompt_hash String")
        var seen = Set<EventKey>(minimumCapacity: events.count)
        for event in events {
            guard let hash = event.promptHash, seen.insert(EventKey(user: event.userID, event: hash)).inserted else { continue }
            wanted.append([event.userID, hash])
        }
        guard wanted.count > 0 else { return [:] }
        let order = "tuple(occurred_us, event_id)"
        // TabSeparated, read by hand: a JSONDecoder per row was an eighth of the insert's CPU.
        let answer = try await client.query("""
            SELECT user_id, prompt_hash, argMin(occurred_us, \(order)), argMin(event_id, \(order)), argMin(model, \(order)),
                argMin(cost_usd, \(order))
            FROM \(schema.promptFirsts)
            WHERE \(Self.users(of: events)) AND (user_id, prompt_hash) IN wanted
            GROUP BY user_id, prompt_hash FORMAT TabSeparated
            """, with: wanted)
        var found: [String: [String: PromptRepeats.First]] = [:]
        for fields in ClickHouseTabSeparated.rows(in: answer) {
            guard fields.count == 6, let micros = Int64(fields[2]), let cost = Double(fields[5]) else {
                throw .storeUnavailable("ClickHouse answered a prompt row that cannot be read")
            }
            found[fields[0], default: [:]][fields[1]] = PromptRepeats.First(
                micros: micros, eventID: fields[3], model: fields[4], costUSD: cost)
        }
        return found
    }

    private static func users(of events: [UsageEvent]) -> String {
        "user_id IN (" + Set(events.map(\.userID)).sorted().map(ClickHouseLiteral.string).joined(separator: ", ") + ")"
    }
}
