import Foundation
import SwitchboardProtocol

/// UTC calendar days as `yyyy-mm-dd` keys.
enum UsageDay {
    static func key(_ date: Date) -> String {
        String(WireTimestamp.format(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down)))
            .prefix(10))
    }
}
