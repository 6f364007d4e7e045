/// ClickHouse's `TabSeparated` escaping, read back: `\t`, `\n`, `\\` and the other backslash
/// sequences it writes for strings.
enum ClickHouseTabSeparated {
    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var result = ""
        var escaped = false
        for character in field {
            if escaped {
                switch character {
                case "t": result.append("\t")
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "0": result.append("\0")
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
