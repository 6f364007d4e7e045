import Foundation
import SwitchboardProtocol

extension ClickHouseRow {
    /// Appends `event` as one JSONEachRow line, the columns of ``ClickHouseRow``, written
    /// straight from the event: a `JSONEncoder` per row was most of the ClickHouse insert's own
    /// CPU at 10,000 rows a request, and a `ClickHouseRow` of fresh strings per event still a
    /// quarter of the rest.
    static func appendLine(of event: UsageEvent, classification: PromptRepeats.Classification?, to bytes: inout [UInt8]) {
        var first = true
        func key(_ name: StaticString) {
            bytes.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            bytes.append(UInt8(ascii: "\""))
            bytes.append(UInt8(ascii: ":"))
        }
        func text(_ name: StaticString, _ value: String) {
            key(name)
            JSONStringEscaping.appendQuoted(value, to: &bytes)
        }
        func number(_ name: StaticString, _ value: some CustomStringConvertible) {
            key(name)
            bytes.append(contentsOf: value.description.utf8)
        }
        let micros = Int64((event.timestamp.timeIntervalSince1970 * 1_000_000).rounded())
        text("user_id", event.userID)
        text("event_id", event.eventID)
        // DateTime wants "yyyy-mm-dd hh:mm:ss": the wire form with a space for its "T" and
        // without its ".ffffffZ".
        key("occurred_at")
        bytes.append(UInt8(ascii: "\""))
        let start = bytes.count
        WireTimestamp.append(microsecondsSinceEpoch: micros, to: &bytes)
        bytes[start + 10] = UInt8(ascii: " ")
        bytes.removeLast(8)
        bytes.append(UInt8(ascii: "\""))
        number("occurred_us", micros)
        text("model", event.model)
        text("provider", event.provider)
        number("input_tokens", event.inputTokens)
        number("output_tokens", event.outputTokens)
        number("latency_ms", event.latencyMs)
        number("latency_bucket", LatencyBuckets.bucket(of: event.latencyMs))
        number("cost_usd", event.costUSD)
        text("status", event.status.rawValue)
        if let hash = event.promptHash { text("prompt_hash", hash) } else { key("prompt_hash"); bytes.append(contentsOf: "null".utf8) }
        text("workload_type", event.workloadType)
        text("tags", TagsColumn.encode(event.tags))
        if let classification {
            number("is_first", classification.isFirst ? 1 : 0)
            number("is_repeat", classification.isRepeat ? 1 : 0)
            if let displaced = classification.displaced {
                text("displaced_day", UsageDay.key(displaced.timestamp))
                text("displaced_model", displaced.model)
                number("displaced_cost", displaced.costUSD)
            }
        }
        bytes.append(UInt8(ascii: "}"))
        bytes.append(0x0A)
    }
}
