/// The supply catalog built into Switchboard, identical to `data/supply-catalog.json` (a test
/// compares them).
///
/// Prices: list prices in USD per 1M tokens as published on the providers' pricing pages
/// (standard tier, no batch or cache discounts), as known in 2025 and not re-verified on
/// 2026-11-29. `qualityScore` is Switchboard's own 0–1 judgement, not a provider figure.
/// `switchboard catalog import FILE` replaces the catalog a deployment uses.
extension SupplyCatalog {
    public static let pricesAsOf = "2025"

    public static let standard = SupplyCatalog([
        .init(provider: "openai", model: "gpt-4o", inputPricePerMillion: 2.5, outputPricePerMillion: 10.0, contextWindow: 128000, qualityScore: 0.88),
        .init(provider: "openai", model: "gpt-4o-mini", inputPricePerMillion: 0.15, outputPricePerMillion: 0.6, contextWindow: 128000, qualityScore: 0.74),
        .init(provider: "openai", model: "gpt-4.1", inputPricePerMillion: 2.0, outputPricePerMillion: 8.0, contextWindow: 1047576, qualityScore: 0.89),
        .init(provider: "openai", model: "gpt-4.1-mini", inputPricePerMillion: 0.4, outputPricePerMillion: 1.6, contextWindow: 1047576, qualityScore: 0.8),
        .init(provider: "openai", model: "gpt-4.1-nano", inputPricePerMillion: 0.1, outputPricePerMillion: 0.4, contextWindow: 1047576, qualityScore: 0.66),
        .init(provider: "openai", model: "o3", inputPricePerMillion: 2.0, outputPricePerMillion: 8.0, contextWindow: 200000, qualityScore: 0.93),
        .init(provider: "openai", model: "o4-mini", inputPricePerMillion: 1.1, outputPricePerMillion: 4.4, contextWindow: 200000, qualityScore: 0.86),
        .init(provider: "openai", model: "gpt-3.5-turbo", inputPricePerMillion: 0.5, outputPricePerMillion: 1.5, contextWindow: 16385, qualityScore: 0.6),
        .init(provider: "anthropic", model: "claude-opus-4", inputPricePerMillion: 15.0, outputPricePerMillion: 75.0, contextWindow: 200000, qualityScore: 0.95),
        .init(provider: "anthropic", model: "claude-sonnet-4", inputPricePerMillion: 3.0, outputPricePerMillion: 15.0, contextWindow: 200000, qualityScore: 0.91),
        .init(provider: "anthropic", model: "claude-3-5-haiku", inputPricePerMillion: 0.8, outputPricePerMillion: 4.0, contextWindow: 200000, qualityScore: 0.75),
        .init(provider: "anthropic", model: "claude-3-haiku", inputPricePerMillion: 0.25, outputPricePerMillion: 1.25, contextWindow: 200000, qualityScore: 0.62),
        .init(provider: "google", model: "gemini-2.5-pro", inputPricePerMillion: 1.25, outputPricePerMillion: 10.0, contextWindow: 1048576, qualityScore: 0.92),
        .init(provider: "google", model: "gemini-2.5-flash", inputPricePerMillion: 0.3, outputPricePerMillion: 2.5, contextWindow: 1048576, qualityScore: 0.83),
        .init(provider: "google", model: "gemini-2.0-flash", inputPricePerMillion: 0.1, outputPricePerMillion: 0.4, contextWindow: 1048576, qualityScore: 0.74),
        .init(provider: "google", model: "gemini-2.0-flash-lite", inputPricePerMillion: 0.075, outputPricePerMillion: 0.3, contextWindow: 1048576, qualityScore: 0.68),
        .init(provider: "mistral", model: "mistral-large", inputPricePerMillion: 2.0, outputPricePerMillion: 6.0, contextWindow: 128000, qualityScore: 0.82),
        .init(provider: "mistral", model: "mistral-small", inputPricePerMillion: 0.1, outputPricePerMillion: 0.3, contextWindow: 128000, qualityScore: 0.68),
        .init(provider: "mistral", model: "codestral", inputPricePerMillion: 0.3, outputPricePerMillion: 0.9, contextWindow: 256000, qualityScore: 0.75),
        .init(provider: "together", model: "llama-3.3-70b-instruct", inputPricePerMillion: 0.88, outputPricePerMillion: 0.88, contextWindow: 131072, qualityScore: 0.78),
        .init(provider: "groq", model: "llama-3.1-8b-instant", inputPricePerMillion: 0.05, outputPricePerMillion: 0.08, contextWindow: 131072, qualityScore: 0.55),
        .init(provider: "deepseek", model: "deepseek-chat", inputPricePerMillion: 0.27, outputPricePerMillion: 1.1, contextWindow: 65536, qualityScore: 0.84),
        .init(provider: "deepseek", model: "deepseek-reasoner", inputPricePerMillion: 0.55, outputPricePerMillion: 2.19, contextWindow: 65536, qualityScore: 0.88),
        .init(provider: "xai", model: "grok-3", inputPricePerMillion: 3.0, outputPricePerMillion: 15.0, contextWindow: 131072, qualityScore: 0.88),
        .init(provider: "cohere", model: "command-r-plus", inputPricePerMillion: 2.5, outputPricePerMillion: 10.0, contextWindow: 128000, qualityScore: 0.75),
        .init(provider: "cohere", model: "command-r", inputPricePerMillion: 0.15, outputPricePerMillion: 0.6, contextWindow: 128000, qualityScore: 0.65),
    ])
}
