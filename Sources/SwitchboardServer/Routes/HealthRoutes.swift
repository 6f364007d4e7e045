public import Hummingbird
public import SwitchboardStartup

/// Health for load balancers and orchestrators:
/// - `/health/live` — the process is up and serving HTTP (always 200).
/// - `/health` — 200 once the start finished with every required node started (optional ones
///   may be degraded); 503 while starting, after a failure, or while a required node is down.
///   From the last known results: cheap enough to poll often. `degraded` also while an optional
///   dependency that started is believed down now (`downNow`: ClickHouse while events spool).
/// - `/health/ready` — 200 only when every required node's probe passes now; the body lists
///   every node with its state and whether its probe passed.
/// Without a startup runner (a server assembled by hand) both answer 200.
public struct HealthRoutes: Sendable {
    let startup: StartupRunner?
    /// This process's instance id, in every answer: behind a load balancer, which one answered.
    let instance: String?
    let downNow: @Sendable () -> [String]

    /// `downNow` names the optional nodes believed down at this moment; it must be cheap.
    public init(startup: StartupRunner? = nil, instance: String? = nil, downNow: @escaping @Sendable () -> [String] = { [] }) {
        self.startup = startup
        self.instance = instance
        self.downNow = downNow
    }

    public func register(on router: Router<SwitchboardRequestContext>) {
        let startup = self.startup
        let downNow = self.downNow
        let instance = self.instance
        router.get("/health/live") { _, _ -> Response in
            try .json(HealthResource(status: "live", instance: instance), status: .ok)
        }
        router.get("/health") { _, _ -> Response in
            guard let startup else { return try .json(HealthResource(status: "ok", instance: instance), status: .ok) }
            let report = startup.report
            let healthy = startup.isHealthy
            // Only nodes that started: one that failed at start is already counted as degraded.
            let down = downNow().filter { report.result(named: $0)?.state == .started }
            let degraded = report.phase == .degraded || !down.isEmpty
            return try .json(
                HealthResource(
                    status: healthy ? (degraded ? "degraded" : "ok") : "unavailable",
                    phase: report.phase.rawValue, instance: instance,
                    summary: down.isEmpty ? report.summary : report.summary + "; down now: " + down.joined(separator: ", ")),
                status: healthy ? .ok : .serviceUnavailable)
        }
        router.get("/health/ready") { _, _ -> Response in
            guard let startup else { return try .json(HealthResource(status: "ready", instance: instance), status: .ok) }
            let readiness = await startup.readiness()
            return try .json(
                HealthResource(
                    status: readiness.isReady ? "ready" : "not_ready", phase: readiness.phase.rawValue, instance: instance,
                    nodes: readiness.checks.map(StartupNodeResource.init)),
                status: readiness.isReady ? .ok : .serviceUnavailable)
        }
    }
}
