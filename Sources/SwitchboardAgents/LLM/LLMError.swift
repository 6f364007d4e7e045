/// Why a model call failed, with a stable code. Messages carry the provider's own words (for
/// 4xx answers) but never the API key, a request body or a user's data.
public struct LLMError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// 401/403: the key is wrong or lacks access. Not retried.
        case unauthorized = "LLM_UNAUTHORIZED"
        /// Another 4xx: the request is wrong for this provider. Not retried.
        case rejected = "LLM_REQUEST_REJECTED"
        /// 429 after every retry.
        case rateLimited = "LLM_RATE_LIMITED"
        /// 5xx or a refused/broken connection after every retry.
        case unavailable = "LLM_UNAVAILABLE"
        /// No byte within the read timeout (a stalled stream), or no connection within the connect timeout.
        case timeout = "LLM_TIMEOUT"
        /// `finish_reason: length` / `stop_reason: max_tokens`: the answer was cut off.
        case truncated = "LLM_TRUNCATED"
        /// The answer did not parse (bad JSON, malformed SSE).
        case malformed = "LLM_MALFORMED_RESPONSE"
        /// The provider's circuit breaker is open: it failed recently and is resting.
        case circuitOpen = "LLM_CIRCUIT_OPEN"
    }

    public var code: Code
    public var provider: String
    public var status: Int?
    public var message: String
    /// What the provider asked for with `Retry-After`, in seconds.
    public var retryAfterSeconds: Double?
    /// When the call's first try failed, if it was retried before giving up: a failover is
    /// timed from there, so the retries against a failing provider count in its cost.
    public var firstFailedAt: ContinuousClock.Instant?

    public init(_ code: Code, provider: String, status: Int? = nil, message: String, retryAfterSeconds: Double? = nil) {
        self.code = code
        self.provider = provider
        self.status = status
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// 429, 5xx and lost connections may succeed on another try; the rest will not. A timeout
    /// is not retried on the same provider: a provider that stalls for a whole read timeout
    /// would stall the run for several, so the next provider is asked at once.
    public var isRetryable: Bool {
        switch code {
        case .rateLimited, .unavailable: true
        case .timeout, .unauthorized, .rejected, .truncated, .malformed, .circuitOpen: false
        }
    }

    /// The connection could not be made, or broke before any answer: no HTTP status came back.
    public var isConnectionFailure: Bool { code == .unavailable && status == nil }

    /// Whether the provider itself looks unwell (counts against its circuit breaker). A
    /// truncated answer or a rejected request says nothing about the provider's health.
    public var countsAgainstProvider: Bool {
        switch code {
        case .rateLimited, .unavailable, .timeout, .malformed, .unauthorized: true
        case .rejected, .truncated, .circuitOpen: false
        }
    }

    public var description: String {
        "\(code.rawValue) from \(provider)" + (status.map { " (HTTP \($0))" } ?? "") + ": \(message)"
    }
}
