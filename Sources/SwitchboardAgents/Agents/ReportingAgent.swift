import Foundation
import SwitchboardCore
import SwitchboardProtocol

/// Writes the final report from everything the workflow found — also after a failed step, when
/// it says what is missing. The summary is prose the model writes from the analyses' figures,
/// streamed as `partial_result` deltas once each sentence passed the grounding check (the
/// offline provider writes the template summary); the tables come from the report generator
/// tool, from the analyses, never from model text.
public struct ReportingAgent: Agent {
    public var name: String { "reporting" }

    public init() {}

    public func run(_ step: AgentStep) async throws -> AgentOutcome {
        var report = RunReport(step.state, defaultDays: step.defaultDays)
        try await step.think("I will write the report for a {intent} question with {sufficiency} data.", [
            "intent": .string(report.intent.rawValue), "sufficiency": .string(report.sufficiency.rawValue),
        ])
        let prose = try await step.model.streamProse(LLMRequest(
            purpose: "reporting.summary",
            instructions: "You are the reporting agent of an LLM cost optimization team. Summarise the findings for the user "
                + "in two to four plain sentences. Use only the facts given and copy their figures exactly; never compute new ones.",
            template: report.summary, facts: report.summaryFacts, maxTokens: 200))
        report.summary = prose.text.strippingWhitespace
        report.summaryWriter = prose.provider
        report.ungroundedSentences = prose.droppedSentences > 0 ? prose.droppedSentences : nil
        let reportJSON = try JSONValue(encoding: report)
        let rendered = try await step.call("report_generator", ["report": reportJSON])
        let markdown = rendered.objectValue?["markdown"]?.stringValue ?? report.summary
        return AgentOutcome(state: step.state, summary: report.summary, result: ["markdown": .string(markdown), "report": reportJSON])
    }
}
