import NIOConcurrencyHelpers
@testable import SwitchboardAgents
import SwitchboardProtocol
import Testing

/// Collects what a run would send, in order.
final class RecordingSink: RunEventSink {
    let events = NIOLockedValueBox<[ServerEventType]>([])
    func emit(_ type: ServerEventType, payload: some Encodable & Sendable, replyTo: String?) async {
        events.withLockedValue { $0.append(type) }
    }
}

@Suite("Agent parts: event stream, catalog, offline model, savings")
struct AgentPartsTests {
    @Test("the first terminal event wins; everything after it is dropped and counted; the stream's life is counted")
    func oneTerminalEvent() async {
        let statistics = ExecutionStatistics()
        let sink = RecordingSink()
        do {
            let stream = RunEventStream(sink: sink, statistics: statistics)
            #expect(statistics.snapshot.liveStreams == 1)
            await stream.emit(.agentStarted, payload: ProgressUpdatePayload(percent: 0, message: ""))
            #expect(await stream.finish(.agentStopped, payload: AgentStoppedPayload(agentName: "supervisor", reason: "x")))
            #expect(await !stream.finish(.agentError, payload: AgentStoppedPayload(agentName: "supervisor", reason: "y")))
            await stream.emit(.toolCompleted, payload: ProgressUpdatePayload(percent: 1, message: ""))
            #expect(stream.droppedAfterFinish == 2)
            #expect(stream.terminalType == .agentStopped)
        }
        #expect(sink.events.withLockedValue { $0 } == [.agentStarted, .agentStopped])
        #expect(statistics.snapshot.liveStreams == 0)
    }

    @Test("the catalog refuses duplicates and a missing workflow agent, and makes a new instance per call")
    func catalog() throws {
        var builder = AgentCatalog.Builder()
        try builder.register(AgentFactory("triage", "t") { TriageAgent() })
        #expect(throws: CatalogError.duplicate(kind: "agent", name: "triage")) {
            try builder.register(AgentFactory("triage", "again") { TriageAgent() })
        }
        #expect(throws: CatalogError.missing(kind: "agent", name: "reporting")) { try builder.freeze(requiring: ["triage", "reporting"]) }
        let standard = try AgentCatalog.standard()
        #expect(standard.names == AgentCatalog.workflowAgents.sorted())
        #expect(try standard.makeAgent(named: "data").name == "data")
        #expect(throws: CatalogError.self) { try standard.makeAgent(named: "root") }
        #expect(throws: CatalogError.duplicate(kind: "tool", name: "cost_analyzer")) {
            try ToolRegistry([CostAnalyzerTool(), CostAnalyzerTool()])
        }
        #expect(try ToolRegistry.standard().names.count == 8)
    }

    @Test("the offline model fills templates from facts, the same way every time, and streams the same text")
    func offline() async throws {
        let request = LLMRequest(
            purpose: "t", instructions: "i", template: "Spent {cost} on {calls} calls. Top: {model}. {unknown}",
            facts: ["cost": .string(NumberText.usd(1234.5)), "calls": 42, "model": "gpt-4o"])
        let provider = OfflineProvider()
        let first = try await provider.complete(request)
        #expect(first.text == "Spent $1,234.50 on 42 calls. Top: gpt-4o. {unknown}")
        #expect(try await provider.complete(request) == first)
        var streamed = ""
        for try await delta in provider.stream(request) { streamed += delta.text }
        #expect(streamed == first.text)
        let json = try await provider.complete(LLMRequest(purpose: "t", instructions: "", template: "", facts: ["a": 1], output: .json(schema: "x")))
        #expect(json.structured == ["a": 1])
    }

    @Test("savings combine multiplicatively and never below zero; money and shares read plainly")
    func savings() {
        #expect(SavingsModel.combined(baselineUSD: 100, savingsUSD: [50, 50]) == 25)
        #expect(SavingsModel.combined(baselineUSD: 100, savingsUSD: [150]) == 0)
        #expect(SavingsModel.combined(baselineUSD: 0, savingsUSD: [10]) == 0)
        #expect(SavingsModel.monthly(10, periodDays: 15) == 20)
        #expect(NumberText.usd(-0.5) == "-$0.50")
        #expect(NumberText.usd(1_000_000) == "$1,000,000.00")
        #expect(NumberText.percent(0.1234) == "12.3 %")
        #expect(NumberText.plain(2.50) == "2.5")
    }
}
