import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardTesting
import Testing

/// Several `serve` processes on one PostgreSQL database (issue #19): each registers itself and
/// stamps its row; one starting no longer ends the runs its peers have going; a dead one's runs
/// are taken over by a survivor.
@Suite(
    "Instances sharing PostgreSQL",
    .enabled(if: TestDatabase.postgresURL != nil, "needs PostgreSQL (scripts/with-postgres)"))
struct ClusterInstanceTests {
    static let secret = "cluster-instance-test-secret-0123456789abcdef"

    static func environment(database: String, dataDirectory: String, instance: String) -> [String: String] {
        [
            "SWITCHBOARD_DATABASE_URL": database, "SWITCHBOARD_DATA_DIR": dataDirectory,
            "SWITCHBOARD_JWT_SECRET": Self.secret, "SWITCHBOARD_INSTANCE_ID": instance,
            "SWITCHBOARD_INSTANCE_HEARTBEAT_SECONDS": "0.2", "SWITCHBOARD_INSTANCE_LEASE_SECONDS": "2",
            // A run long enough for a second instance to start while it goes on.
            "SWITCHBOARD_AGENT_TOOL_DELAY_MS": "1500",
        ]
    }

    static func token(for user: String) async throws -> String {
        let issuer = TokenIssuer(settings: TokenSettings(configuration: SwitchboardConfiguration(jwtSecret: Self.secret), secret: Self.secret))
        return try await issuer.issueAccessToken(for: try UserID(validating: user))
    }

    /// Two instances ("api-a", "api-b") on a fresh database with `settings` besides the cluster's;
    /// `body` gets them and a token of `user`'s. Killed at the end when runs may still be going
    /// (a graceful stop would wait out its 10 s drain), stopped gracefully otherwise.
    static func withTwoInstances(
        user: String, settings: [String: String], killAtEnd: Bool = false,
        _ body: (_ first: ServeProcess, _ second: ServeProcess, _ token: String) async throws -> Void
    ) async throws {
        let database = try await TestDatabase.postgres.create()
        let dataDirectory = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let token = try await Self.token(for: user)
        func environment(_ instance: String) -> [String: String] {
            Self.environment(database: database.url, dataDirectory: dataDirectory + "/" + instance, instance: instance)
                .merging(settings) { $1 }
        }
        let first = try await ServeProcess.start([], environment: environment("api-a"))
        var second: ServeProcess?
        do {
            let started = try await ServeProcess.start([], environment: environment("api-b"))
            second = started
            try await body(first, started, token)
        } catch {
            Issue.record("\(error); first: \(first.diagnosis); second: \(second?.diagnosis ?? "not started")")
        }
        for process in [first] + (second.map { [$0] } ?? []) {
            if killAtEnd { await process.kill9() } else { #expect(await process.stop() == 0) }
        }
        try await database.remove()
    }

    /// A tab of the user's on `port` that has said something: its logged events flow at once.
    static func liveTab(port: Int, token: String) async throws -> TestWebSocketClient {
        let tab = try await TestWebSocketClient.connect(port: port, token: token)
        _ = try await tab.nextEvent()
        try await tab.send(type: "ping", payload: [:], id: "go-live")
        return tab
    }

    /// Starts a run over REST on `port`; answers its id.
    static func startRun(port: Int, token: String, query: String = "Why is my LLM bill so high?") async throws -> String {
        let started = try await HTTP.send("POST", port: port, path: "/api/agent/run_agent", token: token, json: ["query": query])
        return try #require(started.json["run_id"] as? String, "\(started.body)")
    }

    /// `switchboard_cluster_instances_live` as `serve` on `port` reports it.
    static func liveInstances(port: Int) async throws -> Int? {
        let text = try await HTTP.get(port: port, path: "/metrics").body
        let line = text.split(separator: "\n").first { $0.hasPrefix("switchboard_cluster_instances_live ") }
        return line.flatMap { Double($0.split(separator: " ").last ?? "") }.map(Int.init)
    }

    /// Every logged event of the user's, replayed to a fresh connection on `port`.
    static func replayAll(port: Int, token: String) async throws -> [ServerEnvelope] {
        let reader = try await TestWebSocketClient.connect(port: port, token: token)
        _ = try await reader.nextEvent()
        try await reader.send(type: "resume", payload: ["since": 0], id: "all")
        let replayed = try await ResumeTests.untilResumeAnswer(reader)
        await reader.close()
        return replayed.filter { $0.offset != nil }
    }

    static func eventually(_ seconds: Int = 10, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test("a second instance starting leaves the first one's run going; both count each other; a graceful stop leaves one")
    func peersKeepTheirRuns() async throws {
        let database = try await TestDatabase.postgres.create()
        let dataDirectory = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let token = try await Self.token(for: "cluster-ada")

        let first = try await ServeProcess.start([], environment: Self.environment(database: database.url, dataDirectory: dataDirectory + "/a", instance: "api-a"))
        var second: ServeProcess?
        do {
            let client = try await TestWebSocketClient.connect(port: first.port, token: token)
            _ = try await client.nextEvent()
            try await client.send(type: "start_agent", payload: ["query": "Why is my LLM bill so high?"], id: "cluster-run")
            var events = [try await client.nextEvent(timeout: .seconds(20))]
            let runID = try #require(events.first?.runID)
            second = try await ServeProcess.start([], environment: Self.environment(database: database.url, dataDirectory: dataDirectory + "/b", instance: "api-b"))
            while !AgentRun.isTerminal(events[events.count - 1]) {
                events.append(try await client.nextEvent(timeout: .seconds(30)))
            }
            #expect(events.last?.type == "agent_completed" && events.contains { $0.type == "final_report" }, "\(events.map(\.type))")
            await client.close()
            // Asked through the other instance: the run row is the first one's, ended as it ended.
            let status = try await HTTP.send("GET", port: try #require(second).port, path: "/api/agent/\(runID)/status", token: token)
            #expect(status.json["status"] as? String == "completed", "\(status.body)")

            let ready = try await HTTP.get(port: try #require(second).port, path: "/health/ready")
            #expect(ready.status == 200 && ready.json["instance"] as? String == "api-b", "\(ready.body)")
            #expect(try await Self.eventually { try await Self.liveInstances(port: first.port) == 2 })
            #expect(await first.stop() == 0)
            let secondPort = try #require(second).port
            #expect(try await Self.eventually { try await Self.liveInstances(port: secondPort) == 1 })
        } catch {
            Issue.record("\(error); first: \(first.diagnosis); second: \(second?.diagnosis ?? "not started")")
        }
        _ = await first.stop()
        if let second { #expect(await second.stop() == 0) }
        try await database.remove()
    }

    @Test("kill -9 mid-run: a survivor ends the run within lease + 5 s with one terminal INSTANCE_LOST, which the user's tab on it gets")
    func deadInstancesRunTakenOver() async throws {
        let settings = ["SWITCHBOARD_AGENT_TOOL_DELAY_MS": "60000", "SWITCHBOARD_INSTANCE_LEASE_SECONDS": "3"]
        try await Self.withTwoInstances(user: "cluster-bo", settings: settings, killAtEnd: true) { first, second, token in
            let tab = try await Self.liveTab(port: second.port, token: token)
            let runID = try await Self.startRun(port: first.port, token: token)
            var events: [ServerEnvelope] = []
            while !events.contains(where: { $0.runID == runID && $0.offset != nil }) { events.append(try await tab.nextEvent(timeout: .seconds(20))) }
            await first.kill9()
            let killed = ContinuousClock.now
            // Within the lease the dead instance still counts as live: its run is left alone.
            let early = try await HTTP.send("GET", port: second.port, path: "/api/agent/\(runID)/status", token: token)
            #expect(early.json["status"] as? String == "running", "\(early.body)")
            while !(events.last.map(AgentRun.isTerminal) ?? false) { events.append(try await tab.nextEvent(timeout: .seconds(15))) }
            let took = ContinuousClock.now - killed
            #expect(took < .seconds(3 + 5), "\(took)")
            #expect(events.last?.payload["code"]?.stringValue == "INSTANCE_LOST", "\(events.map(\.type))")
            let offsets = events.compactMap(\.offset)
            #expect(offsets == Array(1...offsets.count), "\(offsets)")
            let late = try await HTTP.send("GET", port: second.port, path: "/api/agent/\(runID)/status", token: token)
            #expect(late.json["status"] as? String == "interrupted" && late.json["error_code"] as? String == "INSTANCE_LOST", "\(late.body)")
            // Exactly one terminal event in the log, however many rounds the survivor ran since.
            await tab.close()
            try await Task.sleep(for: .seconds(1))
            let replayed = try await Self.replayAll(port: second.port, token: token)
            #expect(replayed.filter { $0.runID == runID && AgentRun.isTerminal($0) }.count == 1)
        }
    }

    @Test("one user's tabs on two instances, runs from both: every event logged once, offsets 1…N without a gap, all replayed on either instance")
    func oneUserTwoInstances() async throws {
        try await Self.withTwoInstances(user: "cluster-cy", settings: ["SWITCHBOARD_AGENT_TOOL_DELAY_MS": "20"]) { first, second, token in
            let ports = [first.port, second.port]
            // Each tab gets every event of the user (issue #19, item 3), so each reads until all four ended.
            let tabs = try await withThrowingTaskGroup(of: [ServerEnvelope].self) { group in
                for port in ports {
                    group.addTask {
                        let client = try await TestWebSocketClient.connect(port: port, token: token)
                        _ = try await client.nextEvent()
                        for index in 0..<2 {
                            try await client.send(type: "start_agent", payload: ["query": "What do my LLM calls cost?"], id: "tab-\(port)-\(index)")
                        }
                        var events: [ServerEnvelope] = []
                        while events.filter(AgentRun.isTerminal).count < 4 { events.append(try await client.nextEvent(timeout: .seconds(30))) }
                        await client.close()
                        return events
                    }
                }
                var all: [[ServerEnvelope]] = []
                for try await events in group { all.append(events) }
                return all
            }
            for tab in tabs {
                let offsets = tab.compactMap(\.offset)
                #expect(Set(offsets).count == offsets.count, "an offset given twice")
            }
            let logged = tabs.flatMap { $0.compactMap(\.offset) }
            for port in ports {
                let client = try await TestWebSocketClient.connect(port: port, token: token)
                _ = try await client.nextEvent()
                try await client.send(type: "resume", payload: ["since": 0], id: "all")
                let replayed = try await ResumeTests.untilResumeAnswer(client).filter { $0.offset != nil }
                await client.close()
                #expect(replayed.compactMap(\.offset) == Array(1...replayed.count), "port \(port)")
                #expect(Set(logged).isSubset(of: Set(replayed.compactMap(\.offset))))
                #expect(replayed.filter(AgentRun.isTerminal).count == 4)
                #expect(Set(replayed.compactMap(\.epoch)).count == 1)
            }
        }
    }

    @Test("a user's runs count across instances: past the limit on any of them the next is refused with CONCURRENCY_LIMIT; one ending makes room")
    func runLimitAcrossInstances() async throws {
        let settings = ["SWITCHBOARD_AGENT_TOOL_DELAY_MS": "60000", "SWITCHBOARD_AGENT_MAX_CONCURRENT_RUNS": "2"]
        try await Self.withTwoInstances(user: "cluster-dee", settings: settings, killAtEnd: true) { first, second, token in
            let secondPort = second.port
            func start(on port: Int) async throws -> HTTP.Answer {
                try await HTTP.send("POST", port: port, path: "/api/agent/run_agent", token: token, json: ["query": "What do my LLM calls cost?"])
            }
            let one = try await start(on: first.port)
            #expect(one.status == 200, "\(one.body)")
            #expect(try await start(on: secondPort).status == 200)
            // Each instance has one of the user's runs going, under its own limit of 2: the cluster's is reached.
            for port in [secondPort, first.port] {
                let refused = try await start(on: port)
                #expect(refused.refusal == "429 CONCURRENCY_LIMIT you already have 2 runs going; wait for one to finish", "port \(port)")
            }
            let runID = try #require(one.json["run_id"] as? String)
            #expect(try await HTTP.send("POST", port: first.port, path: "/api/agent/\(runID)/stop", token: token).status == 200)
            #expect(try await Self.eventually {
                let status = try await HTTP.send("GET", port: secondPort, path: "/api/agent/\(runID)/status", token: token)
                return status.json["status"] as? String == "cancelled"
            })
            #expect(try await start(on: secondPort).status == 200, "a run that ended makes room on any instance")
        }
    }

    @Test("a process under the id of a live instance does not start, and says which instance holds it")
    func liveIDRefused() async throws {
        let database = try await TestDatabase.postgres.create()
        let dataDirectory = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let first = try await ServeProcess.start([], environment: Self.environment(database: database.url, dataDirectory: dataDirectory + "/a", instance: "api-same"))
        let second = try CommandLineTests.run(
            ["serve", "--port", "0"], environment: Self.environment(database: database.url, dataDirectory: dataDirectory + "/b", instance: "api-same"))
        #expect(second.status == 1)
        #expect(second.stderr.contains("instance id api-same is held by a live instance"), "\(second.stderr.suffix(2000))")
        #expect(second.stderr.contains("pid \(first.pid)"), "\(second.stderr.suffix(2000))")
        #expect(await first.stop() == 0)
        // Stopped, the row is free at once: the same id starts again.
        let third = try await ServeProcess.start([], environment: Self.environment(database: database.url, dataDirectory: dataDirectory + "/c", instance: "api-same"))
        #expect(await third.stop() == 0)
        try await database.remove()
    }
}
