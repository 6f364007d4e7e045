import ArgumentParser
import Foundation
import SwitchboardAuth
import SwitchboardCore

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print an HS256 access token signed with the configured key (last line of output).",
        discussion: """
            For operators and tests. Uses the same key as `switchboard serve` with the same
            settings: SWITCHBOARD_JWT_SECRET, or in development the key generated in the data directory.
            """
    )

    @Option(name: .long, help: "User id (the token's sub).")
    var user: String

    @Option(name: .long, help: "E-mail claim.")
    var email: String?

    @Option(name: .long, help: "free | pro | enterprise | developer.")
    var tier: String = Tier.free.rawValue

    @Option(name: .long, help: "user | admin.")
    var role: String = Role.user.rawValue

    @Option(name: .long, help: "Lifetime in seconds.")
    var ttl: Int64 = 900

    @OptionGroup var options: ConfigurationOptions

    func validate() throws {
        guard Tier(rawValue: tier) != nil else {
            throw ValidationError("--tier must be one of: \(Tier.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard Role(rawValue: role) != nil else {
            throw ValidationError("--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ttl > 0, ttl <= 366 * 86_400 else { throw ValidationError("--ttl must be between 1 and 31622400 seconds") }
        do {
            _ = try UserID(validating: user)
        } catch {
            throw ValidationError("--user: \(error)")
        }
    }

    func run() async throws {
        let configuration = try options.load()
        let secret: String
        do {
            secret = try SigningKeyLoader.secret(for: configuration)
        } catch {
            FileHandle.standardError.write(Data("switchboard: \(error)\n".utf8))
            throw ExitCode(78)
        }
        let issuer = TokenIssuer(settings: TokenSettings(configuration: configuration, secret: secret))
        let token = try await issuer.issueAccessToken(
            for: try UserID(validating: user),
            email: email,
            tier: Tier(rawValue: tier)!,
            role: Role(rawValue: role)!,
            ttlSeconds: ttl
        )
        print(token)
    }
}
