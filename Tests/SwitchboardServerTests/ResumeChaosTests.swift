import Foundation
import NIOConcurrencyHelpers
import SwitchboardCore
import SwitchboardEvents
import SwitchboardProtocol
import SwitchboardServer
import SwitchboardStorage
import SwitchboardTesting
import Testing

@Suite("Reconnecting during runs loses nothing and repeats nothing")
struct ResumeChaosTests {
    @Test("runs keep going while the user reconnects at 100 random moments: the union of what arrived is the log, once each, in order")
    func hundredRandomReconnects() async throws {
        try await TestServer.with(configure: {
            $0.agents.toolDelayMilliseconds = 15
            $0.webSocket.rateLimitPerMinute = 100_000
            // Every resume here must land inside the window, however slow the machine: one that
            // lands after it gets live events first (`lateResume` below), and this client resumes
            // from the last offset it read. With the 1 s default it failed in a loaded suite.
            $0.webSocket.resumeWindowSeconds = 60
        }) { server in
            let token = try await server.token(for: "sam")
            // Runs are started over REST all along, so they also go on while no connection is open.
            let keepStarting = NIOLockedValueBox(true)
            let starter = Task {
                var started = 0
                while keepStarting.withLockedValue({ $0 }) {
                    let answer = try await HTTP.send(
                        "POST", port: server.port, path: "/api/agent/run_agent", token: token, json: ["query": "What do my LLM calls cost?"])
                    if answer.status == 200 { started += 1 }
                    try await Task.sleep(for: .milliseconds(40))
                }
                return started
            }
            var received: [ServerEnvelope] = []
            var epoch = ""
            var random = SystemRandomNumberGenerator()
            for moment in 0..<100 {
                let since = received.last?.offset ?? 0
                let client: TestWebSocketClient
                if moment.isMultiple(of: 2), !epoch.isEmpty {
                    client = try await TestWebSocketClient.connect(port: server.port, token: token, headers: [("Last-Event-ID", "\(epoch):\(since)")])
                    let established = try await client.nextEvent()
                    #expect(established.eventType == .connectionEstablished)
                } else {
                    client = try await TestWebSocketClient.connect(port: server.port, token: token)
                    let established = try await client.nextEvent()
                    epoch = established.payload["epoch"]?.stringValue ?? ""
                    try await client.send(type: "resume", payload: ["since": since, "epoch": epoch])
                }
                // Read for a random while, then drop the connection without a close handshake.
                let until = ContinuousClock.now + .milliseconds(Int.random(in: 0...60, using: &random))
                while ContinuousClock.now < until {
                    guard let event = try? await client.nextEvent(timeout: until - ContinuousClock.now) else { break }
                    if event.offset != nil { received.append(event) }
                }
                await client.disconnect()
            }
            keepStarting.withLockedValue { $0 = false }
            let started = try await starter.value
            #expect(started > 3)
            #expect(await AgentLifecycleTests.drained(server))
            // A last connection catches up with everything.
            let client = try await TestWebSocketClient.connect(port: server.port, token: token)
            _ = try await client.nextEvent()
            try await client.send(type: "resume", payload: ["since": received.last?.offset ?? 0, "epoch": epoch])
            while true {
                let event = try await client.nextEvent()
                if event.eventType == .resumeComplete { break }
                received.append(event)
            }
            await client.close()

            let user = try UserID(validating: "sam")
            let position = try await #require(server.server.eventLog).position(for: user)
            let offsets = received.compactMap(\.offset)
            #expect(offsets == Array(1...position.lastOffset), "received \(offsets.count) of \(position.lastOffset)")
            let logged = try await #require(server.server.eventLog).store.events(for: user, after: 0, upTo: position.lastOffset, limit: 100_000)
            #expect(received.map(\.type) == logged.map(\.type))
            #expect(received.filter(AgentRun.isTerminal).count == started)
        }
    }

    @Test("a resume after the window: the live events first, then every older one the connection had not had, none twice")
    func lateResume() async throws {
        try await TestServer.with(configure: { $0.webSocket.resumeWindowSeconds = 0.05 }) { server in
            let token = try await server.token(for: "lena")
            let before = try await ResumeTests.finishedRun(server, token: token).compactMap(\.offset)
            let client = try await TestWebSocketClient.connect(port: server.port, token: token)
            let established = try await client.nextEvent()
            let epoch = try #require(established.payload["epoch"]?.stringValue)
            // The client says nothing: once the window has passed, the next run's events come live.
            try await Task.sleep(for: .milliseconds(200))
            let started = try await HTTP.send(
                "POST", port: server.port, path: "/api/agent/run_agent", token: token, json: ["query": "What do my LLM calls cost?"])
            #expect(started.status == 200)
            let live = try await AgentRun.events(from: client).compactMap(\.offset)
            try await client.send(type: "resume", payload: ["since": 0, "epoch": epoch])
            let answer = try await ResumeTests.untilResumeAnswer(client)
            await client.close()

            let last = try #require(before.last)
            #expect(before == Array(1...last))
            #expect(live == Array((last + 1)...(last + live.count)))
            #expect(answer.last?.eventType == .resumeComplete)
            #expect(answer.dropLast().compactMap(\.offset) == before)
        }
    }

    @Test("a connection dropped in the middle of a long replay leaves nothing behind, and the next resume goes on from there")
    func disconnectDuringReplay() async throws {
        try await TestServer.with(configure: { $0.webSocket.rateLimitPerMinute = 1000 }) { server in
            let token = try await server.token(for: "tess")
            for _ in 0..<12 { _ = try await ResumeTests.finishedRun(server, token: token) }
            let (client, epoch, last) = try await ResumeTests.connect(server, token: token)
            #expect(last > 250)
            try await client.send(type: "resume", payload: ["since": 0, "epoch": epoch])
            var seen: [Int] = []
            while seen.count < 25 { if let offset = try await client.nextEvent().offset { seen.append(offset) } }
            await client.disconnect()
            #expect(await server.eventually { server.server.hub.connectionCount == 0 })
            let (again, _, _) = try await ResumeTests.connect(server, token: token)
            try await again.send(type: "resume", payload: ["since": seen.last ?? 0, "epoch": epoch])
            let rest = try await ResumeTests.untilResumeAnswer(again)
            #expect((seen + rest.dropLast().compactMap(\.offset)) == Array(1...last))
            await again.close()
        }
    }
}
