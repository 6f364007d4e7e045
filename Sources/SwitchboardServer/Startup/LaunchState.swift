import Synchronization
import SwitchboardStartup
import SwitchboardStorage

/// What the startup nodes produce for the nodes after them: the namespace handles, migration
/// reports and schema checks, the signing secret, and the assembled server. Written by one
/// node, read by its dependants, so a lock is enough; nothing here outlives the process's run.
final class LaunchState: Sendable {
    struct Products {
        var databases: [Namespace: any NamespaceDatabase] = [:]
        var migrations: [Namespace: MigrationReport] = [:]
        var schemaChecks: [SchemaCheckResult] = []
        var signingSecret: String?
        var storage: PreparedStorage?
        var server: SwitchboardServer?
        /// The runner of this very graph, for the server's health routes (set before it runs).
        var runner: StartupRunner?
        /// Held from the `database` node until the launcher's run ends (SQLite, API roles).
        var dataDirectoryLock: DataDirectoryLock?
    }

    private let products = Mutex(Products())
    /// Opened by the `http server` node: the application may bind its port.
    let listenRequested = Latch()
    /// Opened once the port is bound.
    let listening = Latch()

    func update(_ body: (inout Products) -> Void) {
        products.withLock { body(&$0) }
    }

    var current: Products { products.withLock { $0 } }
}
