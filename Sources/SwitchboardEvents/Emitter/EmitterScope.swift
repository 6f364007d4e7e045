public import SwitchboardCore

/// Whose events an emitter sends and which thread/run/request they belong to.
public struct EmitterScope: Sendable, Hashable {
    public var userID: UserID
    public var threadID: ThreadID?
    public var runID: RunID?
    public var requestID: RequestID?

    public init(userID: UserID, threadID: ThreadID? = nil, runID: RunID? = nil, requestID: RequestID? = nil) {
        self.userID = userID
        self.threadID = threadID
        self.runID = runID
        self.requestID = requestID
    }
}
