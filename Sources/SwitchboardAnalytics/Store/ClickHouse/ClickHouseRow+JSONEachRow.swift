import SwitchboardProtocol

extension ClickHouseRow {
    /// Appends the row as one JSONEachRow line, written by hand: a `JSONEncoder` per row was
    /// most of the ClickHouse insert's own CPU at 10,000 rows a request.
    func appendLine(to bytes: inout [UInt8]) {
        var first = true
        func key(_ name: StaticString) {
            bytes.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func text(_ name: StaticString, _ value: String) {
            key(name)
            JSONStringEscaping.appendQuoted(value, to: &bytes)
        }
        func number(_ name: StaticString, _ value: some CustomStringConvertible) {
            key(name)
            bytes.append(contentsOf: value.description.utf8)
        }
        text("user_id", user_id)
        text("event_id", event_id)
        text("occurred_at", occurred_at)
        number("occurred_us", occurred_us.value)
        text("model", model)
        text("provider", provider)
        number("input_tokens", input_tokens.value)
        number("output_tokens", output_tokens.value)
        number("latency_ms", latency_ms.value)
        if let latency_bucket { number("latency_bucket", latency_bucket) }
        number("cost_usd", cost_usd)
        text("status", status)
        if let prompt_hash { text("prompt_hash", prompt_hash) } else { key("prompt_hash"); bytes.append(contentsOf: "null".utf8) }
        text("workload_type", workload_type)
        text("tags", tags)
        if let is_first { number("is_first", is_first) }
        if let is_repeat { number("is_repeat", is_repeat) }
        if let displaced_day { text("displaced_day", displaced_day) }
        if let displaced_model { text("displaced_model", displaced_model) }
        if let displaced_cost { number("displaced_cost", displaced_cost) }
        bytes.append(contentsOf: [UInt8(ascii: "}"), 0x0A])
    }
}
