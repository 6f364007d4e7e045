import SwitchboardStorage
import Testing

/// What a process announces after a commit to the others sharing the log (`pg_notify` payloads).
@Suite("Event log announcements")
struct EventLogAnnouncementTests {
    @Test("a payload reads back as the sender and its ranges")
    func roundTrip() throws {
        let announcement = EventLogAnnouncement(
            sender: "web-2:4211:1733443200000",
            ranges: [CommittedRange(userID: "alice", first: 41, last: 44), CommittedRange(userID: "bob", first: 7, last: 7)])
        let payloads = announcement.payloads()
        #expect(payloads == ["web-2:4211:1733443200000\nalice\t41\t44\nbob\t7\t7"])
        #expect(EventLogAnnouncement(payload: payloads[0]) == announcement)
    }

    @Test("a batch of many users is split under PostgreSQL's 8000 bytes, each part with the sender, no range lost")
    func split() throws {
        let ranges = (0..<2000).map { CommittedRange(userID: "user-\($0)-with-a-longish-identifier", first: $0 + 1, last: $0 + 3) }
        let payloads = EventLogAnnouncement(sender: "api-1", ranges: ranges).payloads()
        #expect(payloads.count > 1)
        #expect(payloads.allSatisfy { $0.utf8.count < 8000 })
        let read = try payloads.map { try #require(EventLogAnnouncement(payload: $0)) }
        #expect(read.allSatisfy { $0.sender == "api-1" })
        #expect(read.flatMap(\.ranges) == ranges)
    }

    @Test("nothing else is taken for an announcement")
    func refusals() {
        #expect(EventLogAnnouncement(payload: "api-1\nalice\t5") == nil)
        #expect(EventLogAnnouncement(payload: "api-1\nalice\t9\t5") == nil)
        #expect(EventLogAnnouncement(payload: "api-1\n\t1\t2") == nil)
        #expect(EventLogAnnouncement(sender: "api-1", ranges: []).payloads().isEmpty)
    }
}
