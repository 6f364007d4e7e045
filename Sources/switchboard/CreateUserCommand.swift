import ArgumentParser
import Foundation
import Logging
import SwitchboardAuth
import SwitchboardCore
import SwitchboardObservability
import SwitchboardProtocol
import SwitchboardStorage

struct CreateUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an account (e.g. the first admin) in the auth namespace.",
        discussion: """
            The password is read from standard input with --password-stdin (one line; the
            password policy applies), or generated and printed once. Prints
            `created user ID (EMAIL, role R, tier T)` and, when generated, `password: …`.
            The auth namespace is migrated first. Exit codes: 0 created, 1 refused (the e-mail
            exists, a weak password, a malformed e-mail), 2 the database is unreachable, 78 bad settings.
            """
    )

    @Option(name: .long, help: "E-mail address (normalised to lower case).")
    var email: String

    @Option(name: .long, help: "user | admin.")
    var role: String = Role.user.rawValue

    @Option(name: .long, help: "free | pro | enterprise | developer.")
    var tier: String = Tier.free.rawValue

    @Option(name: .long, help: "Display name.")
    var name: String?

    @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of generating one.")
    var passwordFromStandardInput = false

    @OptionGroup var options: ConfigurationOptions

    func validate() throws {
        guard Role(rawValue: role) != nil else {
            throw ValidationError("--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard Tier(rawValue: tier) != nil else {
            throw ValidationError("--tier must be one of: \(Tier.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let configuration = try options.load()
        LoggingSetup.bootstrap(level: configuration.logLevel)
        let logger = Logger(label: "switchboard.user")
        let generated = !passwordFromStandardInput
        let password = generated ? Self.generatedPassword() : (readLine(strippingNewline: true) ?? "")
        let secret: String
        do {
            secret = try SigningKeyLoader.secret(for: configuration)
        } catch {
            DatabaseAccess.fail("\(error)")
            throw ExitCode(78)
        }
        let provider = try DatabaseAccess.provider(for: configuration, logger: logger)
        let outcome: Result<UserRecord, any Error>
        do {
            let storage = try await PreparedStorage.prepare(SchemaCatalog([AuthSchema.schema]), provider: provider, logger: logger)
            let auth = AuthService(
                repositories: AuthRepositories(database: try storage.database(for: .auth)), settings: configuration.auth,
                tokens: TokenSettings(configuration: configuration, secret: secret), logger: logger)
            let user = try await auth.createUser(
                email: email, password: password, name: name, role: Role(rawValue: role)!, tier: Tier(rawValue: tier)!)
            try await auth.repositories.auditLogs.record(
                .userCreated, userID: user.id, email: user.email, client: .commandLine,
                detail: ["role": .string(user.role.rawValue), "tier": .string(user.tier.rawValue)])
            outcome = .success(user)
        } catch {
            outcome = .failure(error)
        }
        await provider.shutdown()
        switch outcome {
        case .success(let user):
            print("created user \(user.id) (\(user.email), role \(user.role.rawValue), tier \(user.tier.rawValue))")
            if generated { print("password: \(password)") }
        case .failure(let error as StorageError) where error.code == "DATABASE_UNAVAILABLE":
            DatabaseAccess.fail("database unavailable: \(error)")
            throw ExitCode(DatabaseAccess.unavailableStatus)
        case .failure(AuthError.emailTaken):
            DatabaseAccess.fail("a user with the e-mail address \(email.lowercased()) already exists")
            throw ExitCode.failure
        case .failure(let error as ValidationFailure):
            DatabaseAccess.fail("--\(error.field): \(error.message) (\(error.code))")
            throw ExitCode.failure
        case .failure(let error):
            DatabaseAccess.fail("\(error)")
            throw ExitCode.failure
        }
    }

    /// 20 characters from an alphabet without look-alikes (about 113 bits).
    static func generatedPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
