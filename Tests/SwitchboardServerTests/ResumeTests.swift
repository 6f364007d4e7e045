import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardTesting
import Testing

/// Centrifuge's recovery matrix, on a real server with the SQLite event log.
@Suite("Resume from the per-user event log")
struct ResumeTests {
    /// Connects, reads `connection_established` (epoch, last offset).
    static func connect(_ server: TestServer, token: String, headers: [(String, String)] = []) async throws -> (
        client: TestWebSocketClient, epoch: String, last: Int
    ) {
        let client = try await TestWebSocketClient.connect(port: server.port, token: token, headers: headers)
        let established = try await client.nextEvent()
        #expect(established.eventType == .connectionEstablished)
        return (
            client, established.payload["epoch"]?.stringValue ?? "",
            Int(established.payload["last_offset"]?.numberValue ?? -1)
        )
    }

    /// One finished run of `user`; answers the logged events it produced, as the client saw them.
    static func finishedRun(_ server: TestServer, token: String) async throws -> [ServerEnvelope] {
        let (client, _, _) = try await connect(server, token: token)
        try await client.send(type: "start_agent", payload: ["query": "What do my LLM calls cost?"])
        let events = try await AgentRun.events(from: client)
        await client.close()
        return events
    }

    /// Events until `resume_complete` / `resume_unavailable` (inclusive).
    static func untilResumeAnswer(_ client: TestWebSocketClient) async throws -> [ServerEnvelope] {
        var events: [ServerEnvelope] = []
        while true {
            let event = try await client.nextEvent()
            events.append(event)
            if event.eventType == .resumeComplete || event.eventType == .resumeUnavailable { return events }
        }
    }

    @Test("offsets rise by one across runs; connection_established carries the epoch and last offset")
    func offsets() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "oona")
            let first = try await Self.finishedRun(server, token: token)
            let second = try await Self.finishedRun(server, token: token)
            let offsets = (first + second).compactMap(\.offset)
            #expect(offsets == Array(1...offsets.count))
            #expect(Set((first + second).compactMap(\.epoch)).count == 1)
            let (client, epoch, last) = try await Self.connect(server, token: token)
            #expect(epoch == first.first?.epoch)
            #expect(last == offsets.count)
            await client.close()
        }
    }

    @Test("from a position, the same position, a position not reached, a wrong epoch, an empty log")
    func matrix() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "pia")
            // Empty log: no epoch or offset yet (the handshake writes nothing), nothing to replay.
            var (client, epoch, last) = try await Self.connect(server, token: token)
            #expect(epoch.isEmpty && last == -1)
            try await client.send(type: "resume", payload: ["since": 0], id: "r0")
            var answer = try await Self.untilResumeAnswer(client)
            #expect(answer.map(\.eventType) == [.resumeComplete])
            #expect(answer.last?.payload["from"] == 1 && answer.last?.payload["to"] == 0 && answer.last?.id == "r0")
            await client.close()

            let run = try await Self.finishedRun(server, token: token)
            let total = run.count
            (client, epoch, last) = try await Self.connect(server, token: token)
            #expect(last == total)
            // From the middle: exactly the rest, in order, as the frames were first sent.
            try await client.send(type: "resume", payload: ["since": 10, "epoch": epoch])
            answer = try await Self.untilResumeAnswer(client)
            #expect(answer.dropLast().compactMap(\.offset) == Array(11...total))
            #expect(answer.dropLast().map(\.type) == run.suffix(total - 10).map(\.type))
            #expect(answer.last?.payload["from"] == 11 && answer.last?.payload["to"] == .number(Double(total)))
            await client.close()

            // The same position: nothing.
            (client, epoch, _) = try await Self.connect(server, token: token)
            try await client.send(type: "resume", payload: ["since": total, "epoch": epoch])
            #expect(try await Self.untilResumeAnswer(client).map(\.eventType) == [.resumeComplete])
            // Not yet reached, and a wrong epoch: unavailable, with the reason.
            try await client.send(type: "resume", payload: ["since": total + 5, "epoch": epoch])
            answer = try await Self.untilResumeAnswer(client)
            #expect(answer.last?.payload["reason"] == "ahead_of_log")
            try await client.send(type: "resume", payload: ["since": 3, "epoch": "another"])
            answer = try await Self.untilResumeAnswer(client)
            #expect(answer.map(\.eventType) == [.resumeUnavailable])
            #expect(answer.last?.payload["reason"] == "epoch_changed")
            #expect(answer.last?.payload["oldest_offset"] == 1)
            #expect(answer.last?.payload["last_offset"] == .number(Double(total)))
            await client.close()

            // The header form at connect.
            (client, _, _) = try await Self.connect(server, token: token, headers: [("Last-Event-ID", "\(epoch):\(total - 3)")])
            answer = try await Self.untilResumeAnswer(client)
            #expect(answer.dropLast().compactMap(\.offset) == Array((total - 2)...total))
            await client.close()
        }
    }

    @Test("a position trimmed away answers trimmed with the oldest offset kept")
    func trimmed() async throws {
        try await TestServer.with(configure: {
            $0.eventLog.maxEventsPerUser = 5
            $0.eventLog.trimIntervalSeconds = 0.1
        }) { server in
            let token = try await server.token(for: "quinn")
            let run = try await Self.finishedRun(server, token: token)
            let (client, epoch, last) = try await Self.connect(server, token: token)
            #expect(last == run.count)
            var answer: [ServerEnvelope] = []
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(5)
            // Wait for the trimming job's next pass.
            while clock.now < deadline {
                try await client.send(type: "resume", payload: ["since": 1, "epoch": epoch])
                answer = try await Self.untilResumeAnswer(client)
                // A pass may have run before the run's last events were written; wait for one after.
                if answer.last?.eventType == .resumeUnavailable, answer.last?.payload["oldest_offset"] == .number(Double(last - 4)) {
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(answer.last?.payload["reason"] == "trimmed")
            #expect(answer.last?.payload["oldest_offset"] == .number(Double(last - 4)))
            // The newest five can still be had.
            try await client.send(type: "resume", payload: ["since": last - 5, "epoch": epoch])
            answer = try await Self.untilResumeAnswer(client)
            #expect(answer.dropLast().compactMap(\.offset) == Array((last - 4)...last))
            await client.close()
        }
    }

    @Test("two tabs resume from different offsets, each gets its own tail, then both get the same live events")
    func twoTabs() async throws {
        try await TestServer.with(configure: { $0.webSocket.rateLimitPerMinute = 1000 }) { server in
            let token = try await server.token(for: "ravi")
            let run = try await Self.finishedRun(server, token: token)
            let (a, epoch, _) = try await Self.connect(server, token: token)
            let (b, _, _) = try await Self.connect(server, token: token)
            try await a.send(type: "resume", payload: ["since": 2, "epoch": epoch])
            try await b.send(type: "resume", payload: ["since": run.count - 1, "epoch": epoch])
            #expect(try await Self.untilResumeAnswer(a).dropLast().compactMap(\.offset) == Array(3...run.count))
            #expect(try await Self.untilResumeAnswer(b).dropLast().compactMap(\.offset) == [run.count])
            try await a.send(type: "start_agent", payload: ["query": "What do my LLM calls cost?"])
            let liveA = try await AgentRun.events(from: a)
            let liveB = try await AgentRun.events(from: b)
            #expect(liveA.compactMap(\.offset) == Array((run.count + 1)...(run.count + liveA.count)))
            #expect(liveB.compactMap(\.offset) == liveA.compactMap(\.offset))
            await a.close()
            await b.close()
        }
    }
}
