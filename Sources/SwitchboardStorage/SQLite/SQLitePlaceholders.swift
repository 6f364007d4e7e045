/// Rewrites the portable `$1`, `$2`, … placeholders as SQLite's numbered `?1`, `?2`, ….
/// SQLite would read `$1` as a *named* parameter and number those in order of appearance, so
/// `$2 … $1` would bind the wrong values. Text inside quotes and comments is left alone.
///
/// Works on UTF-8 bytes: every byte of a multi-byte character is ≥ 0x80, so none can be
/// mistaken for a quote, `$` or digit, and a 3,000-placeholder bulk insert is translated in
/// one pass without building `Character`s (that was 14 % of ingestion's CPU).
enum SQLitePlaceholders {
    static func translate(_ sql: String) -> String {
        guard sql.utf8.contains(UInt8(ascii: "$")) else { return sql }
        let bytes = Array(sql.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        let count = bytes.count
        var index = 0
        func next(_ offset: Int) -> UInt8? { index + offset < count ? bytes[index + offset] : nil }
        while index < count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                // Copy a quoted literal or identifier through its closing quote (doubled quotes
                // are an escaped quote and simply continue the literal).
                output.append(byte)
                index += 1
                while index < count {
                    output.append(bytes[index])
                    index += 1
                    if bytes[index - 1] == byte { break }
                }
            case UInt8(ascii: "-") where next(1) == UInt8(ascii: "-"):
                while index < count && bytes[index] != UInt8(ascii: "\n") {
                    output.append(bytes[index])
                    index += 1
                }
            case UInt8(ascii: "/") where next(1) == UInt8(ascii: "*"):
                output.append(contentsOf: [UInt8(ascii: "/"), UInt8(ascii: "*")])
                index += 2
                while index < count {
                    if bytes[index] == UInt8(ascii: "*") && next(1) == UInt8(ascii: "/") {
                        output.append(contentsOf: [UInt8(ascii: "*"), UInt8(ascii: "/")])
                        index += 2
                        break
                    }
                    output.append(bytes[index])
                    index += 1
                }
            case UInt8(ascii: "$") where next(1).map { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? false:
                output.append(UInt8(ascii: "?"))
                index += 1
            default:
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
