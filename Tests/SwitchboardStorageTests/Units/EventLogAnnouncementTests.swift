import Foundation
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

    @Test("a small batch's announcement carries its events, one line each, read back as they were logged")
    func carriedEvents() throws {
        let at = Date(timeIntervalSince1970: 1_733_443_200.123456)
        let frame = #"{"type":"partial_result","offset":42,"epoch":"9f3a2c1b","payload":{"text":"tab\there, line\nthere"}}"#
        let payload = "web-2\nalice\t42\t43\nalice\t42\tpartial_result\trun-1\t1733443200123456\t\(frame)"
            + "\nalice\t43\tpong\t\t1733443200123456\t{}"
        let read = try #require(EventLogAnnouncement(payload: payload))
        #expect(read.ranges == [CommittedRange(userID: "alice", first: 42, last: 43)])
        #expect(read.events == [
            EventLogRow(userID: "alice", offset: 42, runID: "run-1", type: "partial_result", frame: frame, createdAt: at),
            EventLogRow(userID: "alice", offset: 43, runID: nil, type: "pong", frame: "{}", createdAt: at),
        ])
        // Some of a range's events but not all: not an announcement to trust.
        #expect(EventLogAnnouncement(payload: "web-2\nalice\t42\t44\nalice\t42\tpong\t\t1\t{}") == nil)
        #expect(EventLogAnnouncement(payload: "web-2\nalice\t42\t42\nalice\tx\tpong\t\t1\t{}") == nil)
    }

    @Test("nothing else is taken for an announcement")
    func refusals() {
        #expect(EventLogAnnouncement(payload: "api-1\nalice\t5") == nil)
        #expect(EventLogAnnouncement(payload: "api-1\nalice\t9\t5") == nil)
        #expect(EventLogAnnouncement(payload: "api-1\n\t1\t2") == nil)
        #expect(EventLogAnnouncement(sender: "api-1", ranges: []).payloads().isEmpty)
    }
}

/// A frame split around its offset and epoch, for PostgreSQL to make (the one-statement batch).
@Suite("Frame templates")
struct FrameTemplateTests {
    static func frame(offset: Int, epoch: String, payload: String) -> String {
        #"{"type":"agent_thinking","ts":"2026-12-06T01:00:00.000000Z","user_id":"u-1","run_id":"r-1","offset":"#
            + "\(offset)" + #","epoch":""# + epoch + #"","payload":"# + payload + "}"
    }

    @Test("made for an offset and epoch, a template gives the frame the encoder gives; the payload is never touched")
    func madeLikeTheEncoder() throws {
        // A payload that spells the marker inside a string (escaped) must not be taken for it.
        let payload = #"{"text":"a \",\"offset\":0,\"epoch\":\"\" b","offset":0,"epoch":""}"#
        let template = try #require(EventLogRepository.FrameTemplate(frame: Array(Self.frame(offset: 0, epoch: "", payload: payload).utf8)))
        #expect(template.frame(offset: 4211, epoch: "9f3a2c1b") == Self.frame(offset: 4211, epoch: "9f3a2c1b", payload: payload))
        #expect(template.head.hasSuffix(#""offset":"#) && template.tail.hasPrefix(#"","payload":"#))
    }

    @Test("a frame without an offset and epoch has no template")
    func noMarker() {
        #expect(EventLogRepository.FrameTemplate(frame: Array(#"{"type":"pong","payload":{}}"#.utf8)) == nil)
    }
}
