import ArgumentParser

@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Multi-tenant AI-agent backend: HTTP API, per-user WebSocket event streams.",
        version: BuildInfo.text,
        subcommands: [
            ServeCommand.self, TokenCommand.self, UserCommand.self, MigrateCommand.self, SchemaCommand.self,
            CatalogCommand.self, DemoDataCommand.self, StartupCommand.self, HealthcheckCommand.self,
        ],
        defaultSubcommand: nil
    )
}
