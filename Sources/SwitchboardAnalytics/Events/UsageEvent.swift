public import Foundation

/// One LLM call as stored: validated, owned by the user whose token sent it, with its cost
/// known (given, or computed from the supply catalog).
public struct UsageEvent: Sendable, Hashable {
    public var userID: String
    /// The idempotency key: the same `(userID, eventID)` is stored once.
    public var eventID: String
    public var timestamp: Date
    public var model: String
    public var provider: String
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var latencyMs: Int64
    public var costUSD: Double
    public var status: UsageStatus
    public var promptHash: String?
    public var workloadType: String
    public var tags: [String: String]

    public init(
        userID: String, eventID: String, timestamp: Date, model: String, provider: String,
        inputTokens: Int64, outputTokens: Int64, latencyMs: Int64, costUSD: Double,
        status: UsageStatus = .success, promptHash: String? = nil, workloadType: String = UsageEvent.defaultWorkload,
        tags: [String: String] = [:]
    ) {
        self.userID = userID
        self.eventID = eventID
        self.timestamp = timestamp
        self.model = model
        self.provider = provider
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.latencyMs = latencyMs
        self.costUSD = costUSD
        self.status = status
        self.promptHash = promptHash
        self.workloadType = workloadType
        self.tags = tags
    }

    /// The workload of an event that names none.
    public static let defaultWorkload = "unspecified"
}

/// How an LLM call ended.
public enum UsageStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case success
    case error
    case timeout
    case rateLimited = "rate_limited"

    /// Everything but `success` counts as an error in the error-rate analysis.
    public var isError: Bool { self != .success }
}
