import Foundation
import SwitchboardProtocol

/// A usage event as a JSONEachRow line (the spool, and rows read back; inserts are written as
/// TabSeparated by ``appendTabSeparatedFields(of:to:)``). `occurred_at` (DateTime('UTC'), seconds)
/// drives the monthly partitions; `occurred_us` keeps the exact microseconds. ClickHouse
/// answers 64-bit integers as JSON strings, so reads accept numbers and strings.
struct ClickHouseRow: Codable {
    var user_id: String
    var event_id: String
    var occurred_at: String
    var occurred_us: FlexibleInt
    var model: String
    var provider: String
    var input_tokens: FlexibleInt
    var output_tokens: FlexibleInt
    var latency_ms: FlexibleInt
    /// ``LatencyBuckets/bucket(of:)``; absent in spool lines written before it existed.
    var latency_bucket: Int64?
    var cost_usd: Double
    var status: String
    var prompt_hash: String?
    var workload_type: String
    var tags: String
    // How the insert classified the prompt (ClickHouseSchema); absent in spool lines, where
    // the insert that flushes them decides.
    var is_first: Int?
    var is_repeat: Int?
    var displaced_day: String?
    var displaced_model: String?
    var displaced_cost: Double?

    init(_ event: UsageEvent, classification: PromptRepeats.Classification? = nil) {
        let micros = Int64((event.timestamp.timeIntervalSince1970 * 1_000_000).rounded())
        let wire = WireTimestamp.format(microsecondsSinceEpoch: micros)
        user_id = event.userID
        event_id = event.eventID
        occurred_at = String(wire.prefix(10)) + " " + String(wire.dropFirst(11).prefix(8))
        occurred_us = FlexibleInt(micros)
        model = event.model
        provider = event.provider
        input_tokens = FlexibleInt(event.inputTokens)
        output_tokens = FlexibleInt(event.outputTokens)
        latency_ms = FlexibleInt(event.latencyMs)
        latency_bucket = Int64(LatencyBuckets.bucket(of: event.latencyMs))
        cost_usd = event.costUSD
        status = event.status.rawValue
        prompt_hash = event.promptHash
        workload_type = event.workloadType
        tags = TagsColumn.encode(event.tags)
        if let classification {
            is_first = classification.isFirst ? 1 : 0
            is_repeat = classification.isRepeat ? 1 : 0
            if let displaced = classification.displaced {
                displaced_day = UsageDay.key(displaced.timestamp)
                displaced_model = displaced.model
                displaced_cost = displaced.costUSD
            }
        }
    }

    var event: UsageEvent {
        UsageEvent(
            userID: user_id, eventID: event_id, timestamp: Date(timeIntervalSince1970: Double(occurred_us.value) / 1_000_000),
            model: model, provider: provider, inputTokens: input_tokens.value, outputTokens: output_tokens.value,
            latencyMs: latency_ms.value, costUSD: cost_usd, status: UsageStatus(rawValue: status) ?? .error,
            promptHash: prompt_hash, workloadType: workload_type, tags: TagsColumn.decode(tags))
    }
}

/// An Int64 written as a JSON number and read from a number or a string.
struct FlexibleInt: Codable {
    var value: Int64

    init(_ value: Int64) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            value = number
        } else if let parsed = Int64(try container.decode(String.self)) {
            value = parsed
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an integer")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
