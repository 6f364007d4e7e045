/// What a load run must achieve to PASS. The defaults are issue #9's: no foreign, lost or
/// duplicated event, ≥ 99.9 % of runs complete, p99 event delivery under 50 ms, peak server RSS
/// under 70 % of a 1 GiB limit.
public struct Thresholds: Sendable, Hashable, Codable {
    public var maxForeignEvents = 0
    public var maxLostEvents = 0
    public var maxDuplicatedEvents = 0
    public var maxOutOfOrder = 0
    public var maxConnectFailures = 0
    public var minRunCompletionPercent = 99.9
    public var maxP99Milliseconds = 50.0
    public var memoryLimitBytes: Int64 = 1 << 30
    public var maxMemoryFraction = 0.70

    public init() {}
}
