import Foundation
public import SwitchboardCore
public import SwitchboardProtocol

/// Renders a structured report (``RunReport`` as JSON) into markdown.
public struct ReportGeneratorTool: AgentTool {
    public var name: String { "report_generator" }
    public var minimumTier: Tier { .free }

    public init() {}

    public func run(_ parameters: ToolParameters, data: UserUsageData) async throws -> JSONValue {
        guard let reportJSON = parameters.value("report") else { throw ToolFailure("report is required") }
        let report: RunReport
        do {
            report = try reportJSON.decoded()
        } catch {
            throw ToolFailure("report does not have the report's shape")
        }
        return ["markdown": .string(ReportRenderer.markdown(report))]
    }
}
