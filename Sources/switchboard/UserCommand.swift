import ArgumentParser

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage accounts of the auth service.",
        subcommands: [CreateUserCommand.self]
    )
}
