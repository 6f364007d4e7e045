/// The replay after `resume` is done: events `from`…`to` were sent (those this connection had
/// not already received); live events follow with no gap.
public struct ResumeCompletePayload: Sendable, Hashable, Codable {
    public var from: Int
    public var to: Int
    public var epoch: String

    public init(from: Int, to: Int, epoch: String) {
        self.from = from
        self.to = to
        self.epoch = epoch
    }
}

/// The log cannot give what was asked: `reason` is `epoch_changed`, `trimmed` (older than
/// retention) or `ahead_of_log` (an offset never given out). Fetch the thread over REST; live
/// events continue from `last_offset`.
public struct ResumeUnavailablePayload: Sendable, Hashable, Codable {
    public var reason: String
    public var epoch: String
    public var oldestOffset: Int?
    public var lastOffset: Int

    public init(reason: String, epoch: String, oldestOffset: Int?, lastOffset: Int) {
        self.reason = reason
        self.epoch = epoch
        self.oldestOffset = oldestOffset
        self.lastOffset = lastOffset
    }

    enum CodingKeys: String, CodingKey {
        case reason, epoch
        case oldestOffset = "oldest_offset"
        case lastOffset = "last_offset"
    }
}
