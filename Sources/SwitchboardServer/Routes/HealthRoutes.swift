public import Hummingbird
public import SwitchboardStartup

/// Health for load balancers and orchestrators:
/// - `/health/live` — the process is up and serving HTTP (always 200).
/// - `/health` — 200 once the start finished with every required node started (optional ones
///   may be degraded); 503 while starting, after a failure, or while a required node is down.
///   From the last known results: cheap enough to poll often.
/// - `/health/ready` — 200 only when every required node's probe passes now; the body lists
///   every node with its state and whether its probe passed.
/// Without a startup runner (a server assembled by hand) both answer 200.
public struct HealthRoutes: Sendable {
    let startup: StartupRunner?

    public init(startup: StartupRunner? = nil) {
        self.startup = startup
    }

    public func register(on router: Router<SwitchboardRequestContext>) {
        let startup = self.startup
        router.get("/health/live") { _, _ -> Response in
            try .json(HealthResource(status: "live"), status: .ok)
        }
        router.get("/health") { _, _ -> Response in
            guard let startup else { return try .json(HealthResource(status: "ok"), status: .ok) }
            let report = startup.report
            let healthy = startup.isHealthy
            return try .json(
                HealthResource(
                    status: healthy ? (report.phase == .degraded ? "degraded" : "ok") : "unavailable",
                    phase: report.phase.rawValue, summary: report.summary),
                status: healthy ? .ok : .serviceUnavailable)
        }
        router.get("/health/ready") { _, _ -> Response in
            guard let startup else { return try .json(HealthResource(status: "ready"), status: .ok) }
            let readiness = await startup.readiness()
            return try .json(
                HealthResource(
                    status: readiness.isReady ? "ready" : "not_ready", phase: readiness.phase.rawValue,
                    nodes: readiness.checks.map(StartupNodeResource.init)),
                status: readiness.isReady ? .ok : .serviceUnavailable)
        }
    }
}
