import Foundation
import SwitchboardProtocol

/// UTC calendar days as `yyyy-mm-dd` keys.
enum UsageDay {
    static func key(_ date: Date) -> String {
        WireTimestamp.formatDay(secondsSinceEpoch: date.timeIntervalSince1970)
    }

    /// Day keys for many events, each day formatted once: a batch of 10,000 calls spans a few
    /// days, and formatting a date per call was a thirtieth of ingestion's CPU.
    struct Keys {
        private var known: [Int64: String] = [:]

        mutating func key(_ date: Date) -> String {
            let seconds = date.timeIntervalSince1970
            let day = Int64((seconds / 86_400).rounded(.down))
            if let key = known[day] { return key }
            let key = UsageDay.key(date)
            known[day] = key
            return key
        }
    }
}
