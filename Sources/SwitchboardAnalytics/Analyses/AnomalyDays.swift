/// Days whose cost lies beyond the mean + 3σ of the daily costs (population σ over the days
/// that had any usage), most expensive first.
///
/// ```swift
/// AnomalyDays(events).days.first?.day   // "2026-11-14"
/// ```
public struct AnomalyDays: Sendable, Hashable, Codable {
    public struct Day: Sendable, Hashable, Codable {
        public var day: String
        public var costUSD: Double

        enum CodingKeys: String, CodingKey {
            case day
            case costUSD = "cost_usd"
        }
    }

    public var meanUSD: Double
    public var standardDeviationUSD: Double
    /// `mean + 3σ`: a day costing more is an anomaly.
    public var thresholdUSD: Double
    public var days: [Day]

    public init(_ events: [UsageEvent]) {
        self.init(daily: CostBreakdown(events, by: .day).lines)
    }

    /// From the cost per day a store answered.
    public init(daily: [CostBreakdown.CostLine]) {
        let count = Double(max(daily.count, 1))
        let mean = daily.reduce(0) { $0 + $1.costUSD } / count
        let variance = daily.reduce(0) { $0 + ($1.costUSD - mean) * ($1.costUSD - mean) } / count
        let deviation = variance.squareRoot()
        meanUSD = mean
        standardDeviationUSD = deviation
        thresholdUSD = mean + 3 * deviation
        let threshold = thresholdUSD
        days = daily.filter { $0.costUSD > threshold }
            .sorted { $0.costUSD > $1.costUSD }
            .map { Day(day: $0.key, costUSD: $0.costUSD) }
    }

    enum CodingKeys: String, CodingKey {
        case days
        case meanUSD = "mean_usd"
        case standardDeviationUSD = "standard_deviation_usd"
        case thresholdUSD = "threshold_usd"
    }
}
