import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardTesting
import Testing

/// "Logged before delivered" against the harshest end: `serve` killed with SIGKILL while runs
/// stream, with appends that no longer wait for their commit one by one.
@Suite("kill -9 of serve while runs stream events")
struct EventLogCrashTests {
    static let secret = "event-log-crash-test-secret-0123456789abcdef"
    static let users = ["kc-ada", "kc-bo", "kc-cy"]

    /// Starts runs for `user` (several at once) and reads what arrives until `enough` events.
    static func stream(port: Int, token: String, enough: Int) async throws -> (TestWebSocketClient, [ServerEnvelope]) {
        let client = try await TestWebSocketClient.connect(port: port, token: token)
        _ = try await client.nextEvent()
        for index in 0..<4 {
            try await client.send(type: "start_agent", payload: ["query": "What do my LLM calls cost?"], id: "run-\(index)")
        }
        var received: [ServerEnvelope] = []
        while received.count < enough {
            let event = try await client.nextEvent(timeout: .seconds(20))
            if event.offset != nil { received.append(event) }
        }
        return (client, received)
    }

    @Test("every event a client received is in the log after a restart, and offsets continue without a gap")
    func killNine() async throws {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("event-crash-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let environment = [
            "SWITCHBOARD_DATA_DIR": dataDirectory, "SWITCHBOARD_JWT_SECRET": Self.secret,
            // Long enough runs that the kill lands in the middle of them.
            "SWITCHBOARD_AGENT_TOOL_DELAY_MS": "40",
        ]
        let issuer = TokenIssuer(settings: TokenSettings(configuration: SwitchboardConfiguration(jwtSecret: Self.secret), secret: Self.secret))
        var tokens: [String: String] = [:]
        for user in Self.users { tokens[user] = try await issuer.issueAccessToken(for: try UserID(validating: user)) }

        let first = try await ServeProcess.start([], environment: environment)
        var clients: [String: TestWebSocketClient] = [:]
        var received: [String: [ServerEnvelope]] = [:]
        do {
            try await withThrowingTaskGroup(of: (String, TestWebSocketClient, [ServerEnvelope]).self) { group in
                for user in Self.users {
                    let token = tokens[user] ?? ""
                    group.addTask {
                        let (client, events) = try await Self.stream(port: first.port, token: token, enough: 30)
                        return (user, client, events)
                    }
                }
                for try await (user, client, events) in group {
                    clients[user] = client
                    received[user] = events
                }
            }
        } catch {
            Issue.record("streaming from the first serve failed before the kill: \(error); \(first.diagnosis)")
            await first.kill9()
            throw error
        }
        await first.kill9()
        // What reached a client before the process died counts too.
        for user in Self.users {
            guard let client = clients[user] else { continue }
            while let event = try? await client.nextEvent(timeout: .seconds(1)) {
                if event.offset != nil { received[user, default: []].append(event) }
            }
        }

        let second = try await ServeProcess.start([], environment: environment)
        do {
            try await Self.checkRestarted(second, users: Self.users, tokens: tokens, received: received)
        } catch {
            Issue.record("reading the log back from the second serve failed: \(error); \(second.diagnosis)")
            for client in clients.values { await client.close() }
            _ = await second.stop()
            throw error
        }
        for client in clients.values { await client.close() }
        #expect(await second.stop() == 0)
    }

    /// Every user's log on the restarted server: no gap, every delivered event in it, and the
    /// offsets of a new run continuing right after.
    static func checkRestarted(
        _ second: ServeProcess, users: [String], tokens: [String: String], received: [String: [ServerEnvelope]]
    ) async throws {
        for user in users {
            let mine = received[user] ?? []
            #expect(mine.count >= 30, "\(user)")
            let client = try await TestWebSocketClient.connect(port: second.port, token: tokens[user] ?? "")
            let established = try await client.nextEvent()
            let epoch = try #require(established.payload["epoch"]?.stringValue)
            let last = Int(established.payload["last_offset"]?.numberValue ?? -1)
            #expect(Set(mine.compactMap(\.epoch)) == [epoch], "\(user): the epoch survived the crash")
            try await client.send(type: "resume", payload: ["since": 0, "epoch": epoch])
            var logged: [ServerEnvelope] = []
            while true {
                let event = try await client.nextEvent()
                if event.eventType == .resumeComplete || event.eventType == .resumeUnavailable { break }
                logged.append(event)
            }
            // The log has no gap, and holds every event the client was given, exactly as given.
            #expect(last >= (mine.last?.offset ?? 0), "\(user)")
            #expect(logged.compactMap(\.offset) == Array(stride(from: 1, through: last, by: 1)), "\(user)")
            let byOffset = Dictionary(logged.map { ($0.offset ?? 0, $0) }, uniquingKeysWith: { first, _ in first })
            for event in mine {
                let stored = byOffset[event.offset ?? 0]
                #expect(stored?.type == event.type && stored?.runID == event.runID && stored?.ts == event.ts,
                        "\(user): offset \(event.offset ?? 0) was delivered but is not in the log")
            }
            #expect(mine.map { $0.offset ?? 0 } == mine.map { $0.offset ?? 0 }.sorted(), "\(user): delivered in offset order")
            // A new run continues right after the last logged offset.
            try await client.send(type: "start_agent", payload: ["query": "What do my LLM calls cost?"])
            var next = try await client.nextEvent(timeout: .seconds(20))
            while next.offset == nil { next = try await client.nextEvent(timeout: .seconds(20)) }
            #expect(next.offset == last + 1, "\(user)")
            await client.close()
        }
    }
}
