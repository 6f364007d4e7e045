import Foundation
import ServiceLifecycle
import SwitchboardAgents
import SwitchboardCore

/// The configured model providers of a server, in failover order, made once from
/// `SWITCHBOARD_LLM_*` (none: the agents keep the offline provider). Owns the providers' HTTP
/// clients: a service of the application shuts them down with it.
final class ModelProviders: Sendable {
    let failover: FailoverProvider
    private let shutdowns: [@Sendable () async -> Void]

    init?(_ settings: LLMSettings) {
        guard !settings.providers.isEmpty else { return nil }
        var members: [FailoverProvider.Member] = []
        var shutdowns: [@Sendable () async -> Void] = []
        for provider in settings.providers {
            let endpoint = LLMEndpoint(
                name: provider.name, baseURL: provider.baseURL, model: provider.model, apiKey: provider.apiKey,
                connectTimeout: .seconds(min(provider.timeoutSeconds, 5)),
                readTimeout: .milliseconds(Int64(provider.timeoutSeconds * 1000)),
                inputPricePerMTok: provider.inputPricePerMTok, outputPricePerMTok: provider.outputPricePerMTok)
            switch provider.kind {
            case .openai:
                let model = OpenAICompatibleProvider(endpoint: endpoint)
                shutdowns.append { await model.shutdown() }
                members.append(.init(model, model: endpoint.model, inputPricePerMTok: endpoint.inputPricePerMTok,
                                     outputPricePerMTok: endpoint.outputPricePerMTok))
            case .anthropic:
                let model = AnthropicProvider(endpoint: endpoint)
                shutdowns.append { await model.shutdown() }
                members.append(.init(model, model: endpoint.model, inputPricePerMTok: endpoint.inputPricePerMTok,
                                     outputPricePerMTok: endpoint.outputPricePerMTok))
            case .offline:
                members.append(.init(OfflineProvider()))
            }
        }
        failover = FailoverProvider(members: members)
        self.shutdowns = shutdowns
    }

    /// Asks every configured provider for a one-token answer; throws naming those that failed
    /// (the startup node is optional: the server still serves through the others, or offline).
    func probe() async throws {
        var failures: [String] = []
        for member in failover.members where !(member.provider is OfflineProvider) {
            do {
                _ = try await member.provider.complete(LLMRequest(
                    purpose: "startup.probe", instructions: "Answer with one word.", template: "ready", maxTokens: 1))
            } catch let error as LLMError where error.code == .truncated {
                continue  // One token asked, one token given: the provider answers.
            } catch {
                failures.append("\(member.provider.name): \(error)")
            }
        }
        if !failures.isEmpty { throw ModelProvidersUnavailable(failures: failures) }
    }

    /// Throws while any provider's circuit breaker is open (it failed recently).
    func checkBreakers() throws {
        let open = failover.breakerStates.filter { $0.state != "closed" }
        if !open.isEmpty { throw ModelProvidersUnavailable(failures: open.map { "\($0.provider): circuit \($0.state)" }) }
    }

    func shutdown() async {
        for shutdown in shutdowns { await shutdown() }
    }
}

/// Some configured providers did not answer the startup probe; calls pass them over (their
/// breakers open after failures) and end with the next provider, or offline.
struct ModelProvidersUnavailable: Error, CustomStringConvertible {
    let failures: [String]
    var description: String { "model providers not answering: " + failures.joined(separator: "; ") }
}

/// Shuts the providers' HTTP clients down when the application stops.
struct ModelProvidersLifecycle: Service {
    let providers: ModelProviders

    func run() async throws {
        try? await gracefulShutdown()
        await providers.shutdown()
    }
}
