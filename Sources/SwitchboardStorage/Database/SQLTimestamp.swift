public import Foundation
import SwitchboardProtocol

/// How SQLite stores timestamps: the wire format (UTC, microseconds), which sorts in time order.
public enum SQLTimestamp {
    public static func format(_ date: Date) -> String {
        WireTimestamp.format(microsecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
    }

    public static func parse(_ text: String) -> Int64? { WireTimestamp.parse(text) }
}
