import Foundation
public import SwitchboardProtocol

/// ``DemoUsageGenerator``'s records in order, a batch at a time: the same records whatever the
/// batch sizes, since one seeded generator runs through them all.
///
/// ```swift
/// var stream = DemoUsageGenerator(days: 30, events: 1_000_000, seed: 1, end: Date()).stream()
/// while case let batch = stream.next(10_000), !batch.isEmpty { … }
/// ```
public struct DemoUsageStream: Sendable {
    let generator: DemoUsageGenerator
    private var random: SeededGenerator
    private var index = 0
    private let weights: [Double]
    private let total: Double
    private let start: Date
    private let spikeCalls: Int

    init(_ generator: DemoUsageGenerator) {
        self.generator = generator
        random = SeededGenerator(seed: generator.seed)
        start = generator.end.addingTimeInterval(-Double(generator.days) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let start = start
        weights = (0..<generator.days).map { day -> Double in
            let weekday = calendar.component(.weekday, from: start.addingTimeInterval(Double(day) * 86_400))
            return weekday == 1 || weekday == 7 ? 0.4 : 1.0
        }
        total = weights.reduce(0, +)
        spikeCalls = generator.events >= 100 ? max(generator.events / 50, 10) : 0
    }

    /// The next `count` records (fewer at the end; empty when all were made).
    public mutating func next(_ count: Int) -> [JSONValue] {
        let end = min(index + max(count, 0), generator.events)
        var records: [JSONValue] = []
        records.reserveCapacity(max(end - index, 0))
        while index < end {
            records.append(generator.record(
                index, spikeCalls: spikeCalls, weights: weights, total: total, start: start, using: &random))
            index += 1
        }
        return records
    }
}
