import Foundation
import Hummingbird
import SwitchboardStartup

/// One node as `/api/admin/startup` and `/health/ready` show it.
struct StartupNodeResource: Encodable, Sendable {
    var name: String
    var requirement: String
    var dependsOn: [String]?
    var after: [String]?
    var state: String
    var attempts: Int?
    var durationMilliseconds: Int?
    var healthy: Bool?
    var error: String?

    enum CodingKeys: String, CodingKey {
        case name, requirement, state, attempts, healthy, error, after
        case dependsOn = "depends_on"
        case durationMilliseconds = "duration_ms"
    }

    init(_ result: StartupNodeResult) {
        name = result.name
        requirement = result.requirement.rawValue
        dependsOn = result.dependsOn
        after = result.after.isEmpty ? nil : result.after
        state = result.state.rawValue
        attempts = result.attempts
        durationMilliseconds = result.durationMilliseconds
        error = result.error
    }

    init(_ check: ReadinessReport.Check) {
        name = check.name
        requirement = check.requirement.rawValue
        state = check.state.rawValue
        healthy = check.healthy
        error = check.error
    }
}

/// `GET /api/admin/startup`: the phase, the summary line and every node's last result.
struct StartupReportResource: Encodable, Sendable {
    var phase: String
    var summary: String
    var nodes: [StartupNodeResource]

    init(_ report: StartupReport) {
        phase = report.phase.rawValue
        summary = report.summary
        nodes = report.nodes.map(StartupNodeResource.init)
    }
}

/// `/health` and `/health/ready`.
struct HealthResource: Encodable, Sendable {
    var status: String
    var phase: String?
    var instance: String?
    var summary: String?
    var nodes: [StartupNodeResource]?
}

extension Response {
    /// A JSON body with an explicit status (503 answers carry a body too).
    static func json(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        var response = Response(status: status)
        response.headers[.contentType] = "application/json"
        response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value)))
        return response
    }

    /// Plain text (the graph in Mermaid or dot).
    static func text(_ text: String) -> Response {
        var response = Response(status: .ok)
        response.headers[.contentType] = "text/plain; charset=utf-8"
        response.body = ResponseBody(byteBuffer: ByteBuffer(string: text + "\n"))
        return response
    }
}
