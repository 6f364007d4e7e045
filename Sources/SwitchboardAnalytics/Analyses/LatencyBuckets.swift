import Foundation

/// The fixed log-scale buckets latency histograms are kept in (SQLite and PostgreSQL rollups):
/// every value below 128 ms has a bucket of its own; above that each bucket is 3 % wider than
/// the one before. A quantile read from the buckets is the bucket's geometric middle, rounded to
/// the millisecond, so it is within √1.03 − 1 ≈ 1.49 % of the exact value, plus at most
/// 0.5 ms / 128 ms ≈ 0.39 % for the rounding: **relative error < 2 %** for any quantile of
/// latencies up to ``maximumExactRangeMs``. Longer latencies all fall in the last bucket.
///
/// ```swift
/// LatencyBuckets.bucket(of: 2_000)        // 221
/// LatencyBuckets.representative(of: 221)  // 1_993 (exact range of the bucket: 1_980…2_039)
/// ```
public enum LatencyBuckets {
    static let exactBelow: Int64 = 128
    static let growth = 1.03
    /// Lower bounds of the log-scale buckets, from `exactBelow` up (bucket `exactBelow + i`
    /// holds `lowerBounds[i] ..< lowerBounds[i + 1]`).
    static let lowerBounds: [Int64] = {
        var bounds: [Int64] = []
        var exponent = 0
        while true {
            let bound = Int64((Double(exactBelow) * pow(growth, Double(exponent))).rounded(.up))
            if let last = bounds.last, bound <= last {
                exponent += 1
                continue
            }
            bounds.append(bound)
            if bound > maximumExactRangeMs { return bounds }
            exponent += 1
        }
    }()
    /// About 2.8 hours: beyond it, quantiles are only known to be "at least this".
    public static let maximumExactRangeMs: Int64 = 10_000_000
    /// How the stores compute percentiles, for reports to say.
    public static let methodNote =
        "nearest-rank percentiles from log-scale latency histograms (3 % buckets above 128 ms): within 2 % of the exact value"

    /// The number of buckets; bucket indices are `0 ..< count`.
    public static var count: Int { Int(exactBelow) + lowerBounds.count - 1 }

    /// The bucket a latency falls in (negative latencies count as 0).
    public static func bucket(of latencyMs: Int64) -> Int {
        guard latencyMs >= exactBelow else { return Int(max(latencyMs, 0)) }
        // The last bound at or below the value: binary search over ~380 bounds.
        var low = 0
        var high = lowerBounds.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lowerBounds[middle] <= latencyMs { low = middle } else { high = middle - 1 }
        }
        return Int(exactBelow) + min(low, lowerBounds.count - 2)
    }

    /// The value a bucket stands for: itself below 128 ms, else the geometric middle of its range.
    public static func representative(of bucket: Int) -> Int64 {
        guard bucket >= Int(exactBelow) else { return Int64(max(bucket, 0)) }
        let index = min(bucket - Int(exactBelow), lowerBounds.count - 2)
        let low = Double(lowerBounds[index])
        let high = Double(lowerBounds[index + 1] - 1)
        return Int64((low * high).squareRoot().rounded())
    }

    /// The nearest-rank quantile (as ``ModelStatistics`` defines it) of a histogram given as
    /// `(bucket, count)` pairs in any order; 0 for an empty histogram.
    public static func quantile(_ fraction: Double, of histogram: [(bucket: Int, count: Int64)]) -> Int64 {
        let total = histogram.reduce(Int64(0)) { $0 + $1.count }
        guard total > 0 else { return 0 }
        let rank = min(max(Int64((fraction * Double(total)).rounded(.up)), 1), total)
        var seen: Int64 = 0
        for entry in histogram.sorted(by: { $0.bucket < $1.bucket }) {
            seen += entry.count
            if seen >= rank { return representative(of: entry.bucket) }
        }
        return representative(of: histogram.map(\.bucket).max() ?? 0)
    }

    /// SQL that computes the bucket of the `latency_ms` column, for migrations that build
    /// histograms from stored rows: nested `CASE`s that halve the bounds at each level (about
    /// nine comparisons a row), the same answer as ``bucket(of:)`` in SQLite and PostgreSQL with
    /// no math functions needed.
    static func sqlExpression(column: String) -> String {
        // Bucket exactBelow + i holds lowerBounds[i] ..< lowerBounds[i + 1]; the last one is open.
        func search(_ low: Int, _ high: Int) -> String {
            guard low < high else { return String(Int(exactBelow) + low) }
            let middle = (low + high + 1) / 2
            return "CASE WHEN \(column) < \(lowerBounds[middle]) THEN \(search(low, middle - 1)) ELSE \(search(middle, high)) END"
        }
        return "CASE WHEN \(column) < 0 THEN 0 WHEN \(column) < \(exactBelow) THEN \(column) ELSE "
            + search(0, lowerBounds.count - 2) + " END"
    }

    /// The same bucket as ``bucket(of:)`` in ClickHouse SQL (for its materialised views).
    static func clickHouseExpression(column: String) -> String {
        let bounds = lowerBounds.dropFirst().map(String.init).joined(separator: ",")
        let index = "arrayFirstIndex(b -> \(column) < b, [\(bounds)])"
        return "if(\(column) < \(exactBelow), toInt64(greatest(\(column), 0)), "
            + "if(\(index) = 0, toInt64(\(count - 1)), toInt64(\(Int(exactBelow) - 1) + \(index))))"
    }
}
