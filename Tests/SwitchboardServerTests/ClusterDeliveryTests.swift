import Foundation
import SwitchboardProtocol
import SwitchboardStorage
import SwitchboardTesting
import Testing

/// Delivery across instances sharing PostgreSQL (issue #19, item 3): a user's connections get
/// every event of the user's runs, whichever instance runs them, in offset order without a gap
/// — also when the bus drops its connection and announcements are lost.
@Suite(
    "Delivery across instances",
    .enabled(if: TestDatabase.postgresURL != nil, "needs PostgreSQL (scripts/with-postgres)"))
struct ClusterDeliveryTests {
    /// Reads until `runs` terminal events came; answers the logged events in arrival order.
    static func loggedEvents(_ client: TestWebSocketClient, untilTerminals runs: Int) async throws -> [ServerEnvelope] {
        var events: [ServerEnvelope] = []
        while events.filter(AgentRun.isTerminal).count < runs {
            let event = try await client.nextEvent(timeout: .seconds(30))
            if event.offset != nil { events.append(event) }
        }
        return events
    }

    @Test("tabs on two instances, two runs on each: both tabs get all four runs' events, offsets 1…N in order, the same sequence")
    func tabsOnTwoInstancesSeeEverything() async throws {
        try await ClusterInstanceTests.withTwoInstances(user: "relay-ann", settings: ["SWITCHBOARD_AGENT_TOOL_DELAY_MS": "30"]) {
            first, second, token in
            let tabs = [
                try await TestWebSocketClient.connect(port: first.port, token: token),
                try await TestWebSocketClient.connect(port: second.port, token: token),
            ]
            for tab in tabs { _ = try await tab.nextEvent() }
            for (index, tab) in tabs.enumerated() {
                for run in 0..<2 {
                    try await tab.send(type: "start_agent", payload: ["query": "What do my LLM calls cost?"], id: "tab-\(index)-\(run)")
                }
            }
            var sequences: [[Int]] = []
            for tab in tabs {
                let events = try await Self.loggedEvents(tab, untilTerminals: 4)
                sequences.append(events.compactMap(\.offset))
                await tab.close()
            }
            for sequence in sequences {
                #expect(sequence == Array(1...max(1, sequence.count)), "\(sequence)")
            }
            #expect(sequences[0] == sequences[1])
            let metrics = try await HTTP.get(port: second.port, path: "/metrics").body
            #expect(metrics.contains("switchboard_event_bus_relayed_total"), "\(metrics.prefix(400))")
        }
    }

    @Test("a run on one instance, its user's only connection on the other: every event arrives, in order, to the terminal one")
    func runElsewhere() async throws {
        try await ClusterInstanceTests.withTwoInstances(user: "relay-ben", settings: ["SWITCHBOARD_AGENT_TOOL_DELAY_MS": "30"]) {
            first, second, token in
            let tab = try await ClusterInstanceTests.liveTab(port: second.port, token: token)
            _ = try await ClusterInstanceTests.startRun(port: first.port, token: token)
            let events = try await Self.loggedEvents(tab, untilTerminals: 1)
            await tab.close()
            #expect(events.compactMap(\.offset) == Array(1...events.count))
            #expect(events.last?.type == "agent_completed", "\(events.map(\.type))")
            // Small batches came inside their announcements (EventLogAnnouncedBatchTests: large ones are read).
            let metrics = try await HTTP.get(port: second.port, path: "/metrics").body
            func counter(_ name: String) -> Int {
                let line = metrics.split(separator: "\n").first { $0.hasPrefix(name + " ") }
                return line.flatMap { Double($0.split(separator: " ").last ?? "") }.map(Int.init) ?? -1
            }
            let carried = counter("switchboard_event_bus_events_carried_total")
            #expect(carried > 0 && carried <= counter("switchboard_event_bus_relayed_total"), "\(carried)")
        }
    }

    @Test("the bus's connection dropped mid-run: the listener comes back, the tab catches up from the log, nothing skipped")
    func lostAnnouncementsAreRead() async throws {
        let database = try await TestDatabase.postgres.create()
        let dataDirectory = CommandLineTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let token = try await ClusterInstanceTests.token(for: "relay-cat")
        func environment(_ instance: String) -> [String: String] {
            ClusterInstanceTests.environment(database: database.url, dataDirectory: dataDirectory + "/" + instance, instance: instance)
                .merging(["SWITCHBOARD_AGENT_TOOL_DELAY_MS": "400"]) { $1 }
        }
        let first = try await ServeProcess.start([], environment: environment("api-a"))
        let second = try await ServeProcess.start([], environment: environment("api-b"))
        do {
            let tab = try await ClusterInstanceTests.liveTab(port: second.port, token: token)
            for run in 0..<2 { _ = try await ClusterInstanceTests.startRun(port: first.port, token: token, query: "What do my LLM calls cost? \(run)") }
            var events = [try await tab.nextEvent(timeout: .seconds(20))]
            // Both instances' listeners: notifications sent while they reconnect are lost.
            let ended = try await TestDatabase.terminateConnections(
                toDatabaseAt: database.url, applicationName: PostgresNotificationListener.applicationName(listeningOn: "switchboard_events"))
            #expect(ended == 2)
            events += try await Self.loggedEvents(tab, untilTerminals: 2)
            await tab.close()
            let offsets = events.compactMap(\.offset)
            #expect(offsets == Array(1...offsets.count), "\(offsets)")
            let metrics = try await HTTP.get(port: second.port, path: "/metrics").body
            let resyncs = metrics.split(separator: "\n").first { $0.hasPrefix("switchboard_event_bus_resynchronizations_total ") }
            #expect(resyncs.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0 >= 2, "\(resyncs ?? "none")")
        } catch {
            Issue.record("\(error); first: \(first.diagnosis); second: \(second.diagnosis)")
        }
        #expect(await first.stop() == 0)
        #expect(await second.stop() == 0)
        try await database.remove()
    }
}

/// The rules that span instances (issue #19, item 4): stops and the connection limit.
@Suite(
    "Rules across instances",
    .enabled(if: TestDatabase.postgresURL != nil, "needs PostgreSQL (scripts/with-postgres)"))
struct ClusterRulesTests {
    @Test("stop_agent on one instance stops the user's run on the other; the tab gets its agent_stopped")
    func stopReachesTheOwner() async throws {
        try await ClusterInstanceTests.withTwoInstances(user: "rules-ada", settings: ["SWITCHBOARD_AGENT_TOOL_DELAY_MS": "60000"]) {
            first, second, token in
            let tab = try await ClusterInstanceTests.liveTab(port: second.port, token: token)
            let runID = try await ClusterInstanceTests.startRun(port: first.port, token: token)
            var events: [ServerEnvelope] = []
            while !events.contains(where: { $0.runID == runID }) { events.append(try await tab.nextEvent(timeout: .seconds(20))) }
            try await tab.send(type: "stop_agent", payload: ["run_id": runID], id: "stop-it")
            while !(events.last.map(AgentRun.isTerminal) ?? false) { events.append(try await tab.nextEvent(timeout: .seconds(15))) }
            #expect(events.last?.type == "agent_stopped", "\(events.map(\.type))")
            #expect(!events.contains { $0.type == "error" }, "\(events.map(\.type))")
            // Through REST as well: a second run, stopped from the instance that does not run it.
            let secondRun = try await ClusterInstanceTests.startRun(port: first.port, token: token, query: "What do my LLM calls cost?")
            let stop = try await HTTP.send("POST", port: second.port, path: "/api/agent/\(secondRun)/stop", token: token)
            #expect(stop.status == 200, "\(stop.body)")
            while !(events.last.map { AgentRun.isTerminal($0) && $0.runID == secondRun } ?? false) {
                events.append(try await tab.nextEvent(timeout: .seconds(15)))
            }
            #expect(events.last?.type == "agent_stopped")
            let unknown = try await HTTP.send("POST", port: second.port, path: "/api/agent/\(runID)/stop", token: token)
            #expect(unknown.status == 404, "a finished run: \(unknown.body)")
            await tab.close()
        }
    }

    @Test("a user's fourth connection anywhere closes their oldest, on whichever instance it is, with 1008")
    func connectionLimitAcrossInstances() async throws {
        try await ClusterInstanceTests.withTwoInstances(user: "rules-bo", settings: [:]) { first, second, token in
            var tabs: [TestWebSocketClient] = []
            for port in [first.port, first.port, second.port] {
                let tab = try await TestWebSocketClient.connect(port: port, token: token)
                _ = try await tab.nextEvent()
                tabs.append(tab)
                // Booked in the registry in the order they opened.
                try await Task.sleep(for: .milliseconds(300))
            }
            let fourth = try await TestWebSocketClient.connect(port: second.port, token: token)
            _ = try await fourth.nextEvent()
            let closed = try await tabs[0].readUntilClose(timeout: .seconds(10))
            #expect(closed.code == 1008, "\(closed)")
            // The others stay open: each still answers a ping.
            for tab in tabs.dropFirst() + [fourth] {
                try await tab.send(type: "ping", payload: [:], id: "still-there")
                #expect(try await tab.nextEvent(timeout: .seconds(5)).type == "pong")
                await tab.close()
            }
        }
    }
}
