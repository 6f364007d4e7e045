import Foundation
import SwitchboardProtocol

extension ClickHouseRow {
    /// The columns of a `TabSeparated` line: ``appendTabSeparatedFields(of:to:)`` then
    /// ``appendTabSeparatedClassification(_:to:)``, in order.
    static let tabSeparatedColumns = [
        "user_id", "event_id", "occurred_at", "occurred_us", "model", "provider", "input_tokens", "output_tokens",
        "latency_ms", "latency_bucket", "cost_usd", "status", "prompt_hash", "workload_type", "tags", "is_first", "is_repeat",
        "displaced_day", "displaced_model", "displaced_cost",
    ]

    /// Appends `event`'s columns up to its classification, each followed by a tab, written
    /// straight from the event. JSONEachRow repeated every column's name on every row:
    /// TabSeparated is 40 % fewer bytes to write and for ClickHouse to read (a `JSONEncoder` per
    /// row, before that, was most of the insert's CPU).
    static func appendTabSeparatedFields(of event: UsageEvent, to bytes: inout [UInt8]) {
        func text(_ value: String) {
            ClickHouseTabSeparated.appendEscaped(value, to: &bytes)
            bytes.append(UInt8(ascii: "\t"))
        }
        func number(_ value: some CustomStringConvertible) {
            bytes.append(contentsOf: value.description.utf8)
            bytes.append(UInt8(ascii: "\t"))
        }
        let micros = Int64((event.timestamp.timeIntervalSince1970 * 1_000_000).rounded())
        text(event.userID)
        text(event.eventID)
        // DateTime wants "yyyy-mm-dd hh:mm:ss": the wire form with a space for its "T" and
        // without its ".ffffffZ".
        let start = bytes.count
        WireTimestamp.append(microsecondsSinceEpoch: micros, to: &bytes)
        bytes[start + 10] = UInt8(ascii: " ")
        bytes.removeLast(8)
        bytes.append(UInt8(ascii: "\t"))
        number(micros)
        text(event.model)
        text(event.provider)
        number(event.inputTokens)
        number(event.outputTokens)
        number(event.latencyMs)
        number(LatencyBuckets.bucket(of: event.latencyMs))
        number(event.costUSD)
        text(event.status.rawValue)
        if let hash = event.promptHash { text(hash) } else { bytes += [UInt8(ascii: "\\"), UInt8(ascii: "N"), UInt8(ascii: "\t")] }
        text(event.workloadType)
        text(TagsColumn.encode(event.tags))
    }

    /// Appends the classification columns that end a line begun by ``appendTabSeparatedFields(of:to:)``,
    /// and the line's end.
    static func appendTabSeparatedClassification(_ classification: PromptRepeats.Classification?, to bytes: inout [UInt8]) {
        func flag(_ value: Bool) {
            bytes.append(value ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            bytes.append(UInt8(ascii: "\t"))
        }
        flag(classification?.isFirst == true)
        flag(classification?.isRepeat == true)
        // A row that displaced no first call carries the columns' defaults; the view that
        // reads them skips rows without a displaced model.
        let displaced = classification?.displaced
        ClickHouseTabSeparated.appendEscaped(displaced.map { UsageDay.key($0.timestamp) } ?? "1970-01-01", to: &bytes)
        bytes.append(UInt8(ascii: "\t"))
        ClickHouseTabSeparated.appendEscaped(displaced?.model ?? "", to: &bytes)
        bytes.append(UInt8(ascii: "\t"))
        bytes.append(contentsOf: (displaced?.costUSD ?? 0).description.utf8)
        bytes.append(0x0A)
    }
}
