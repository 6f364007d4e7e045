import SwitchboardProtocol

/// Writes the final report from everything the workflow found — also after a failed step, when
/// it says what is missing. The markdown comes from the report generator tool; the summary is
/// streamed as `partial_result` deltas.
public struct ReportingAgent: Agent {
    public var name: String { "reporting" }

    public init() {}

    public func run(_ step: AgentStep) async throws -> AgentOutcome {
        let report = RunReport(step.state, defaultDays: step.defaultDays)
        try await step.think("I will write the report for a {intent} question with {sufficiency} data.", [
            "intent": .string(report.intent.rawValue), "sufficiency": .string(report.sufficiency.rawValue),
        ])
        for try await delta in step.llm.stream(LLMRequest(
            purpose: "reporting.summary", instructions: "Summarise the findings for the user in plain words.",
            template: "{summary}", facts: ["summary": .string(report.summary)]))
        {
            await step.events.partialResult(delta.text)
        }
        let reportJSON = try JSONValue(encoding: report)
        let rendered = try await step.call("report_generator", ["report": reportJSON])
        let markdown = rendered.objectValue?["markdown"]?.stringValue ?? report.summary
        return AgentOutcome(state: step.state, summary: report.summary, result: ["markdown": .string(markdown), "report": reportJSON])
    }
}
