import SwitchboardCore
import SwitchboardStartup
import SwitchboardStorage

extension SwitchboardStartupGraph {
    /// Cluster mode (PostgreSQL): the instance registers its row before the agent catalog ends
    /// abandoned runs, so that it tells its live peers' runs from dead instances'. A live
    /// instance holding the same id fails the try; the tries last past the lease, so a restart
    /// under a fixed id goes through once the dead process's lease has run out.
    static func instanceNode(_ settings: ClusterSettings, state: LaunchState) -> StartupNode {
        StartupNode(
            "instance", dependsOn: ["event hub"],
            retry: RetryPolicy(
                attempts: Int(settings.leaseSeconds) + 6, initialBackoff: .seconds(1), maxBackoff: .seconds(1),
                attemptTimeout: .seconds(10))
        ) {
            guard let instance = state.current.server?.instance else { throw StartupInputMissing.server }
            try await instance.register()
        } probe: {
            try state.current.server?.instance?.probe()
        }
    }
}

extension SwitchboardConfiguration {
    /// On PostgreSQL several instances may share the database (cluster mode); on SQLite a
    /// process is alone on its data directory.
    var sharesDatabase: Bool {
        if case .postgres = try? DatabaseURL(parsing: databaseURL) { true } else { false }
    }
}
