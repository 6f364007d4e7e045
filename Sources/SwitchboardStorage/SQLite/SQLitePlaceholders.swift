/// Rewrites the portable `$1`, `$2`, … placeholders as SQLite's numbered `?1`, `?2`, ….
/// SQLite would read `$1` as a *named* parameter and number those in order of appearance, so
/// `$2 … $1` would bind the wrong values. Text inside quotes and comments is left alone.
enum SQLitePlaceholders {
    /// Works on UTF-8 bytes: every character it looks for is ASCII, and a byte of a multi-byte
    /// character is never ASCII. (It walked `Character`s before, grapheme breaking included:
    /// 3.5 % of the server's CPU under load.)
    static func translate(_ sql: String) -> String {
        guard sql.utf8.contains(UInt8(ascii: "$")) else { return sql }
        let input = Array(sql.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        func at(_ position: Int) -> UInt8? { position < input.count ? input[position] : nil }
        while index < input.count {
            let byte = input[index]
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                // Copy a quoted literal or identifier through its closing quote (doubled quotes
                // are an escaped quote and simply continue the literal).
                output.append(byte)
                index += 1
                while index < input.count {
                    output.append(input[index])
                    index += 1
                    if input[index - 1] == byte { break }
                }
            case UInt8(ascii: "-") where at(index + 1) == UInt8(ascii: "-"):
                while index < input.count && input[index] != UInt8(ascii: "\n") {
                    output.append(input[index])
                    index += 1
                }
            case UInt8(ascii: "/") where at(index + 1) == UInt8(ascii: "*"):
                output.append(contentsOf: [UInt8(ascii: "/"), UInt8(ascii: "*")])
                index += 2
                while index < input.count {
                    if input[index] == UInt8(ascii: "*") && at(index + 1) == UInt8(ascii: "/") {
                        output.append(contentsOf: [UInt8(ascii: "*"), UInt8(ascii: "/")])
                        index += 2
                        break
                    }
                    output.append(input[index])
                    index += 1
                }
            case UInt8(ascii: "$") where at(index + 1).map({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) == true:
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
