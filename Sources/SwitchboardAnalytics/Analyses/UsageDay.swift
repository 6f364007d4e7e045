import Foundation
import SwitchboardProtocol

/// UTC calendar days as `yyyy-mm-dd` keys.
enum UsageDay {
    static func key(_ date: Date) -> String {
        WireTimestamp.formatDay(secondsSinceEpoch: date.timeIntervalSince1970)
    }
}
