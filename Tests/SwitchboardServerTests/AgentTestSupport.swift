import Foundation
import SwitchboardAnalytics
import SwitchboardProtocol
import SwitchboardTesting
import Testing

/// Helpers for the agent-run tests: seeding usage data through the real ingestion endpoint,
/// reading a run's events to its terminal event, and checking the mandatory order.
enum AgentRun {
    static func isTerminal(_ event: ServerEnvelope) -> Bool { event.isRunTerminal }

    /// Posts records (as a client would) and expects every one accepted.
    static func seed(port: Int, token: String, records: [JSONValue]) async throws {
        for start in stride(from: 0, to: records.count, by: 5000) {
            let batch = JSONValue.array(Array(records[start..<min(start + 5000, records.count)]))
            let answer = try await HTTP.send(
                "POST", port: port, path: "/api/usage/events", token: token, rawBody: try JSONEncoder().encode(batch))
            #expect(answer.status == 200, "\(answer.body.prefix(300))")
            #expect(answer.json["accepted"] as? Int == min(5000, records.count - start), "\(answer.body.prefix(300))")
        }
    }

    /// 20 days of demo usage ending an hour ago: inside every 30-day window of the test.
    static func demoRecords(events: Int = 1500, seed: UInt64 = 7) -> [JSONValue] {
        DemoUsageGenerator(days: 20, events: events, seed: seed, end: Date().addingTimeInterval(-3600)).records()
    }

    /// One record of `model` (not in the catalog, so it carries its cost).
    static func record(_ id: String, model: String, cost: Double, hoursAgo: Double = 2) -> JSONValue {
        [
            "event_id": .string(id), "model": .string(model), "provider": "acme",
            "timestamp": .string(WireTimestamp.format(
                microsecondsSinceEpoch: Int64((Date().timeIntervalSince1970 - hoursAgo * 3600) * 1_000_000))),
            "input_tokens": 1000, "output_tokens": 200, "latency_ms": 300, "cost_usd": .number(cost),
            "workload_type": "chat", "prompt_hash": .string("p-\(id.suffix(1))"),
        ]
    }

    /// Events until the run's terminal event (inclusive).
    static func events(from client: TestWebSocketClient, timeout: Duration = .seconds(20)) async throws -> [ServerEnvelope] {
        var events: [ServerEnvelope] = []
        while true {
            let event = try await client.nextEvent(timeout: timeout)
            events.append(event)
            if isTerminal(event) { return events }
        }
    }

    /// The agents in the order they started, supervisor excluded.
    static func agents(_ events: [ServerEnvelope]) -> [String] {
        events.filter { $0.eventType == .agentStarted }.compactMap { $0.payload["agent_name"]?.stringValue }
            .filter { $0 != "supervisor" }
    }

    /// Everything wrong with a completed run's order, empty when it is right: supervisor
    /// `agent_started` first, `final_report` then supervisor `agent_completed` last; each agent
    /// `agent_started` → `agent_thinking` … `agent_completed`; each `tool_executing` answered by
    /// its `tool_completed`/`tool_error` before the agent completes; one run id throughout.
    static func orderProblems(_ events: [ServerEnvelope]) -> [String] {
        var problems: [String] = []
        func name(_ event: ServerEnvelope) -> String { event.payload["agent_name"]?.stringValue ?? "?" }
        guard let first = events.first, let last = events.last else { return ["no events"] }
        if !(first.eventType == .agentStarted && name(first) == "supervisor") { problems.append("first is \(first.type)") }
        if !(last.eventType == .agentCompleted && name(last) == "supervisor") { problems.append("last is \(last.type)") }
        if events.count < 2 || events[events.count - 2].eventType != .finalReport { problems.append("final_report is not just before the end") }
        if Set(events.map(\.runID)).count != 1 || first.runID == nil { problems.append("run ids differ") }
        var open: String?
        var thought = false
        var pendingTool: String?
        for event in events.dropFirst().dropLast() {
            switch event.eventType {
            case .agentStarted:
                if open != nil { problems.append("\(name(event)) started inside \(open ?? "")") }
                open = name(event)
                thought = false
            case .agentThinking where open != nil:
                thought = true
            case .toolExecuting:
                if open == nil || !thought { problems.append("tool before thinking in \(open ?? "supervisor")") }
                if pendingTool != nil { problems.append("overlapping tools") }
                pendingTool = event.payload["tool_name"]?.stringValue
            case .toolCompleted, .toolError:
                if pendingTool != event.payload["tool_name"]?.stringValue { problems.append("tool result without its call") }
                pendingTool = nil
            case .agentCompleted, .agentError:
                if pendingTool != nil { problems.append("\(name(event)) ended with \(pendingTool ?? "") open") }
                if open != name(event) { problems.append("\(name(event)) ended but \(open ?? "none") was open") }
                open = nil
            default:
                break
            }
        }
        return problems
    }
}
