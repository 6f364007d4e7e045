public import Foundation

/// Everything one agent run (or one sub-agent step of it) knows about whom it works for. An
/// immutable value made once per run; sub-agents get a ``child(requestID:)`` one level deeper.
/// Ids are validated types, so a placeholder or empty id cannot get this far, and the raw-string
/// initializer names the field that was refused.
///
/// ```swift
/// let context = try UserExecutionContext(
///     userID: user, tier: .pro, threadID: thread, runID: .generate(), requestID: .generate(),
///     createdAt: now, deadline: now.addingTimeInterval(300))
/// let step = try context.child()
/// ```
public struct UserExecutionContext: Sendable, Hashable {
    /// How deep sub-agents may nest: the supervisor is 0, its agents 1, their helpers 2 …
    public static let maxDepth = 4

    public let userID: UserID
    public let tier: Tier
    public let threadID: ThreadID
    public let runID: RunID
    public let requestID: RequestID
    public let parentRequestID: RequestID?
    public let depth: Int
    public let createdAt: Date
    public let deadline: Date
    public let trace: W3CTraceContext?

    public init(
        userID: UserID, tier: Tier, threadID: ThreadID, runID: RunID, requestID: RequestID,
        parentRequestID: RequestID? = nil, depth: Int = 0, createdAt: Date, deadline: Date, trace: W3CTraceContext? = nil
    ) throws(ExecutionContextError) {
        guard (0...Self.maxDepth).contains(depth) else { throw .tooDeep(depth) }
        guard (depth == 0) == (parentRequestID == nil) else { throw .parentMismatch }
        guard parentRequestID != requestID else { throw .parentMismatch }
        guard deadline > createdAt else { throw .deadlineNotAfterCreation }
        self.userID = userID
        self.tier = tier
        self.threadID = threadID
        self.runID = runID
        self.requestID = requestID
        self.parentRequestID = parentRequestID
        self.depth = depth
        self.createdAt = createdAt
        self.deadline = deadline
        self.trace = trace
    }

    /// From raw strings, as they arrive from a client: each id is validated and a refusal
    /// names its field.
    public init(
        user: String, tier: Tier, thread: String, run: String, request: String, createdAt: Date, deadline: Date,
        traceparent: String? = nil
    ) throws(ExecutionContextError) {
        func validated<Kind>(_ value: String, _ field: String) throws(ExecutionContextError) -> Identifier<Kind> {
            do {
                return try Identifier<Kind>(validating: value)
            } catch {
                throw .invalidIdentifier(field: field, problem: error.problem)
            }
        }
        try self.init(
            userID: validated(user, "user_id"), tier: tier, threadID: validated(thread, "thread_id"),
            runID: validated(run, "run_id"), requestID: validated(request, "request_id"),
            createdAt: createdAt, deadline: deadline, trace: traceparent.flatMap(W3CTraceContext.init(traceparent:)))
    }

    /// The context of a sub-agent: same user, thread, run, deadline and trace, one level deeper,
    /// its own request id with this one as parent.
    public func child(requestID: RequestID = .generate()) throws(ExecutionContextError) -> UserExecutionContext {
        try UserExecutionContext(
            userID: userID, tier: tier, threadID: threadID, runID: runID, requestID: requestID,
            parentRequestID: self.requestID, depth: depth + 1, createdAt: createdAt, deadline: deadline, trace: trace)
    }

    /// Seconds left before the deadline at `now` (never negative).
    public func remaining(at now: Date) -> TimeInterval { max(0, deadline.timeIntervalSince(now)) }
}

public enum ExecutionContextError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidIdentifier(field: String, problem: String)
    case tooDeep(Int)
    case parentMismatch
    case deadlineNotAfterCreation

    public var description: String {
        switch self {
        case .invalidIdentifier(let field, let problem): "\(field) \(problem)"
        case .tooDeep(let depth): "depth \(depth) is outside 0…\(UserExecutionContext.maxDepth)"
        case .parentMismatch: "a child context needs a parent request id other than its own, and a root one none"
        case .deadlineNotAfterCreation: "the deadline must come after the creation time"
        }
    }
}
