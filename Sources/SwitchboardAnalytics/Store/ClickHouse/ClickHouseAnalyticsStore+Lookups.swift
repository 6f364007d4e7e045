/// What an insert must know before it writes: which of its events are stored already, and the
/// stored first call of each prompt it carries. Each is one query for a whole group of batches,
/// the keys (made by each batch before its turn, ``PreparedClickHouseBatch``) sent as an external
/// table (``ClickHouseExternalTable``); the `user_id IN` literal, a handful of users, lets
/// ClickHouse read only those users' ranges of the sorting key.
extension ClickHouseAnalyticsStore {
    func existingIDs(in batches: [PreparedClickHouseBatch]) async throws(AnalyticsError) -> Set<EventKey> {
        let answer = try await client.query("""
            SELECT DISTINCT user_id, event_id FROM \(schema.events) WHERE \(Self.users(of: batches)) AND (user_id, event_id) IN wanted
            FORMAT TabSeparated
            """, with: ClickHouseExternalTable.joined(batches.map(\.ids)))
        var found = Set<EventKey>()
        for fields in ClickHouseTabSeparated.rows(in: answer) {
            guard fields.count == 2 else { throw .storeUnavailable("ClickHouse answered an id row that cannot be read") }
            found.insert(EventKey(user: fields[0], event: fields[1]))
        }
        return found
    }

    /// Per user, per prompt hash: the first call stored (earliest by time, then event id).
    func storedFirsts(in batches: [PreparedClickHouseBatch]) async throws(AnalyticsError) -> [String: [String: PromptRepeats.First]] {
        let wanted = ClickHouseExternalTable.joined(batches.map(\.prompts))
        guard wanted.count > 0 else { return [:] }
        let order = "tuple(occurred_us, event_id)"
        // TabSeparated, read by hand: a JSONDecoder per row was an eighth of the insert's CPU.
        let answer = try await client.query("""
            SELECT user_id, prompt_hash, argMin(occurred_us, \(order)), argMin(event_id, \(order)), argMin(model, \(order)),
                argMin(cost_usd, \(order))
            FROM \(schema.promptFirsts)
            WHERE \(Self.users(of: batches)) AND (user_id, prompt_hash) IN wanted
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

    private static func users(of batches: [PreparedClickHouseBatch]) -> String {
        let users = batches.reduce(into: Set<String>()) { $0.formUnion($1.users) }
        return "user_id IN (" + users.sorted().map(ClickHouseLiteral.string).joined(separator: ", ") + ")"
    }
}

extension ClickHouseExternalTable {
    /// The keys of the lookup of stored ids.
    static var ids: ClickHouseExternalTable { ClickHouseExternalTable(name: "wanted", structure: "user_id String, event_id String") }
    /// The keys of the lookup of prompts' first calls.
    static var prompts: ClickHouseExternalTable {
        ClickHouseExternalTable(name: "wanted", structure: "user_id String, prompt_hash String")
    }
}
