/// One request's events with what the ClickHouse store can write of them before its turn: the
/// keys its lookups send (``ClickHouseExternalTable``s of its distinct ids and prompt hashes),
/// its users, and every event's `TabSeparated` line up to the classification columns, which only
/// the write in turn can decide. Made in the request's own task, in parallel with other
/// requests; the one write at a time joins them instead of writing them.
struct PreparedClickHouseBatch: GroupCommitBatch {
    let events: [UsageEvent]
    let users: Set<String>
    /// The batch's distinct `(user_id, event_id)`.
    let ids: ClickHouseExternalTable
    /// The batch's distinct `(user_id, prompt_hash)`.
    let prompts: ClickHouseExternalTable
    /// Every event's line up to its classification, one after another; event `i`'s ends at `lineEnds[i]`.
    let lines: [UInt8]
    let lineEnds: [Int]

    init(_ events: [UsageEvent]) {
        self.events = events
        var users = Set<String>()
        var ids = ClickHouseExternalTable.ids
        var prompts = ClickHouseExternalTable.prompts
        var seenIDs = Set<EventKey>(minimumCapacity: events.count)
        var seenPrompts = Set<EventKey>()
        var lines: [UInt8] = []
        lines.reserveCapacity(events.count * 300)
        var lineEnds: [Int] = []
        lineEnds.reserveCapacity(events.count)
        for event in events {
            users.insert(event.userID)
            if seenIDs.insert(EventKey(user: event.userID, event: event.eventID)).inserted {
                ids.append([event.userID, event.eventID])
            }
            if let hash = event.promptHash, seenPrompts.insert(EventKey(user: event.userID, event: hash)).inserted {
                prompts.append([event.userID, hash])
            }
            ClickHouseRow.appendTabSeparatedFields(of: event, to: &lines)
            lineEnds.append(lines.count)
        }
        self.users = users
        self.ids = ids
        self.prompts = prompts
        self.lines = lines
        self.lineEnds = lineEnds
    }

    var eventCount: Int { events.count }

    /// Event `index`'s line without its classification columns.
    func line(_ index: Int) -> ArraySlice<UInt8> {
        lines[(index == 0 ? 0 : lineEnds[index - 1])..<lineEnds[index]]
    }
}
