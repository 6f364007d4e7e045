/// Cost and calls grouped by one dimension, most expensive first (ties by key).
///
/// ```swift
/// CostBreakdown(events, by: .model).lines.first   // CostLine(key: "gpt-4o", costUSD: 12.5, calls: 40)
/// ```
public struct CostBreakdown: Sendable, Hashable, Codable {
    public enum Dimension: String, Sendable, Hashable, Codable {
        case model
        /// UTC calendar day, `yyyy-mm-dd`.
        case day
        case workload
        case provider

        /// The rollup column both stores group by for this dimension.
        var rollupColumn: String {
            switch self {
            case .model: "model"
            case .provider: "provider"
            case .workload: "workload_type"
            case .day: "day"
            }
        }
    }

    public struct CostLine: Sendable, Hashable, Codable {
        public var key: String
        public var costUSD: Double
        public var calls: Int

        public init(key: String, costUSD: Double, calls: Int) {
            self.key = key
            self.costUSD = costUSD
            self.calls = calls
        }

        enum CodingKeys: String, CodingKey {
            case key, calls
            case costUSD = "cost_usd"
        }
    }

    public var dimension: Dimension
    public var lines: [CostLine]

    public init(_ events: [UsageEvent], by dimension: Dimension) {
        self.dimension = dimension
        var totals: [String: CostLine] = [:]
        for event in events {
            let key = Self.key(of: event, dimension)
            totals[key, default: CostLine(key: key, costUSD: 0, calls: 0)].costUSD += event.costUSD
            totals[key]?.calls += 1
        }
        lines = Self.ordered(Array(totals.values), by: dimension)
    }

    /// Most expensive first (ties by key); days in calendar order.
    public static func ordered(_ lines: [CostLine], by dimension: Dimension) -> [CostLine] {
        dimension == .day
            ? lines.sorted { $0.key < $1.key } : lines.sorted { ($0.costUSD, $1.key) > ($1.costUSD, $0.key) }
    }

    static func key(of event: UsageEvent, _ dimension: Dimension) -> String {
        switch dimension {
        case .model: event.model
        case .workload: event.workloadType
        case .provider: event.provider
        case .day: UsageDay.key(event.timestamp)
        }
    }
}
