public import Hummingbird
public import SwitchboardStartup
import SwitchboardCore

/// `GET /api/admin/startup[?format=mermaid|dot|text]` (behind ``AdminMiddleware``): the startup
/// graph and the last run's per-node results — JSON by default, or the graph drawn.
public struct StartupAdminRoutes: Sendable {
    let startup: StartupRunner

    public init(startup: StartupRunner) {
        self.startup = startup
    }

    public func register(on group: RouterGroup<SwitchboardRequestContext>) {
        let startup = self.startup
        group.get("startup") { request, _ -> Response in
            let report = startup.report
            guard let name = request.uri.queryParameters.get("format"), name != "json" else {
                return try .json(StartupReportResource(report), status: .ok)
            }
            guard let format = StartupGraphFormat(rawValue: name) else {
                throw ValidationFailure(
                    field: "format", "must be one of: json, \(StartupGraphFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .text(report.rendered(as: format))
        }
    }
}
