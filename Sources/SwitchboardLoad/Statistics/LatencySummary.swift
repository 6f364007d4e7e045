/// Percentiles of a set of durations, by nearest rank (the smallest sample with at least q of
/// the samples at or below it), in milliseconds.
///
/// ```swift
/// let summary = LatencySummary(microseconds: [120, 340, 90])
/// summary.p99   // 0.34
/// ```
public struct LatencySummary: Sendable, Hashable, Codable {
    public var count: Int
    public var min: Double
    public var mean: Double
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var p999: Double
    public var max: Double

    public init(microseconds samples: [Int64]) {
        let sorted = samples.sorted()
        count = sorted.count
        func ms(_ micros: Int64) -> Double { Double(micros) / 1000 }
        guard let first = sorted.first, let last = sorted.last else {
            (min, mean, p50, p90, p95, p99, p999, max) = (0, 0, 0, 0, 0, 0, 0, 0)
            return
        }
        func rank(_ q: Double) -> Double {
            let index = Int((q * Double(sorted.count)).rounded(.up)) - 1
            return ms(sorted[Swift.max(0, Swift.min(sorted.count - 1, index))])
        }
        min = ms(first)
        max = ms(last)
        mean = Double(sorted.reduce(0, +)) / Double(sorted.count) / 1000
        p50 = rank(0.50)
        p90 = rank(0.90)
        p95 = rank(0.95)
        p99 = rank(0.99)
        p999 = rank(0.999)
    }

    /// "p50 0.41 ms · p90 … · p99.9 … (n)", for the report.
    public var line: String {
        guard count > 0 else { return "no samples" }
        func f(_ value: Double) -> String { value < 10 ? String(format2: value) : String(Int(value.rounded())) }
        return "p50 \(f(p50)) · p90 \(f(p90)) · p95 \(f(p95)) · p99 \(f(p99)) · p99.9 \(f(p999)) · max \(f(max)) ms (n=\(count))"
    }
}

extension String {
    /// Two decimals without Foundation's `String(format:)`, so the library stays Foundation-light.
    init(format2 value: Double) {
        let hundredths = Int((value * 100).rounded())
        let fraction = abs(hundredths % 100)
        self = "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
