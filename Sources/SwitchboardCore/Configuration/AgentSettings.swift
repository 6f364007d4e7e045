/// Limits of agent runs (values chosen for Switchboard in `original-system.md`).
public struct AgentSettings: Sendable, Hashable {
    /// `SWITCHBOARD_AGENT_MAX_CONCURRENT_RUNS`: runs one user may have going at once; one more
    /// is refused with CONCURRENCY_LIMIT and nothing is started.
    public var maxConcurrentRunsPerUser: Int
    /// `SWITCHBOARD_AGENT_RUN_TIMEOUT_SECONDS`: a run still going after this is cancelled and
    /// ends with `agent_error` TIMEOUT.
    public var runTimeoutSeconds: Double
    /// `SWITCHBOARD_AGENT_HISTORY_DAYS`: how far back the agents read the user's usage data.
    public var historyDays: Int
    /// `SWITCHBOARD_AGENT_TOOL_DELAY_MS`: extra latency added to every tool call, to rehearse
    /// slow dependencies (and long runs in load tests); 0 in production.
    public var toolDelayMilliseconds: Int
    /// `SWITCHBOARD_LLM_DAILY_TOKENS_<TIER>`: tokens a user of the tier may spend with real model
    /// providers per UTC day; past it their runs use the offline provider and say so. A tier
    /// without an entry has no limit.
    public var dailyTokenBudgets: [Tier: Int]

    public init(
        maxConcurrentRunsPerUser: Int = 5, runTimeoutSeconds: Double = 300, historyDays: Int = 30, toolDelayMilliseconds: Int = 0,
        dailyTokenBudgets: [Tier: Int] = AgentSettings.defaultDailyTokenBudgets
    ) {
        self.maxConcurrentRunsPerUser = maxConcurrentRunsPerUser
        self.runTimeoutSeconds = runTimeoutSeconds
        self.historyDays = historyDays
        self.toolDelayMilliseconds = toolDelayMilliseconds
        self.dailyTokenBudgets = dailyTokenBudgets
    }

    /// `free` gets a small allowance (a few runs a day); paying tiers a large one.
    public static let defaultDailyTokenBudgets: [Tier: Int] = [.free: 20_000, .pro: 1_000_000, .enterprise: 10_000_000]
}
