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
            let tab = try await TestWebSocketClient.connect(port: second.port, token: token)
            _ = try await tab.nextEvent()
            try await tab.send(type: "ping", payload: [:], id: "go-live")
            let started = try await HTTP.send(
                "POST", port: first.port, path: "/api/agent/run_agent", token: token, json: ["query": "Why is my LLM bill so high?"])
            #expect(started.status == 200, "\(started.body)")
            let events = try await Self.loggedEvents(tab, untilTerminals: 1)
            await tab.close()
            #expect(events.compactMap(\.offset) == Array(1...events.count))
            #expect(events.last?.type == "agent_completed", "\(events.map(\.type))")
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
            let tab = try await TestWebSocketClient.connect(port: second.port, token: token)
            _ = try await tab.nextEvent()
            try await tab.send(type: "ping", payload: [:], id: "go-live")
            for run in 0..<2 {
                let started = try await HTTP.send(
                    "POST", port: first.port, path: "/api/agent/run_agent", token: token, json: ["query": "What do my LLM calls cost? \(run)"])
                #expect(started.status == 200, "\(started.body)")
            }
            var events = [try await tab.nextEvent(timeout: .seconds(20))]
            // Both instances' listeners: notifications sent while they reconnect are lost.
            let ended = try await TestDatabase.terminateConnections(
                toDatabaseAt: database.url, applicationName: PostgresNotificationListener.applicationName)
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
