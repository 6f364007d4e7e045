import ArgumentParser
import SwitchboardServer
import SwitchboardStartup

/// `switchboard startup --graph [--format text|mermaid|dot]`: the startup graph of this
/// configuration and role, drawn without connecting to anything. A running server's last
/// results are at `GET /api/admin/startup` (same formats with `?format=`).
struct StartupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "startup",
        abstract: "Print the startup graph: its nodes, what each depends on, required or optional.",
        discussion: """
            Nodes start in parallel once their dependencies are healthy; a required node that fails
            stops `serve` (non-zero exit naming the node); an optional one (ClickHouse) leaves the
            server degraded and is retried in the background. A running server reports each node's
            attempts, duration and error at GET /api/admin/startup (admins only).
            """
    )

    @Flag(name: .long, help: "Print the graph (the only output this command has).")
    var graph = false

    @Option(name: .long, help: "text | mermaid | dot.")
    var format: String = StartupGraphFormat.text.rawValue

    @OptionGroup var options: ConfigurationOptions

    func validate() throws {
        guard graph else { throw ValidationError("--graph is required") }
        guard StartupGraphFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of: \(StartupGraphFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let configuration = try options.load()
        let graph: StartupGraph
        do {
            graph = try SwitchboardStartupGraph.describe(configuration)
        } catch {
            DatabaseAccess.fail(error.message)
            throw ExitCode.failure
        }
        print(StartupReport(graph: graph).rendered(as: StartupGraphFormat(rawValue: format) ?? .text))
    }
}
