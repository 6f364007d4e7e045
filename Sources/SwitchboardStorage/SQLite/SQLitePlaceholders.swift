/// Rewrites the portable `$1`, `$2`, … placeholders as SQLite's numbered `?1`, `?2`, ….
/// SQLite would read `$1` as a *named* parameter and number those in order of appearance, so
/// `$2 … $1` would bind the wrong values. Text inside quotes and comments is left alone.
enum SQLitePlaceholders {
    static func translate(_ sql: String) -> String {
        guard sql.contains("$") else { return sql }
        var output = ""
        output.reserveCapacity(sql.utf8.count)
        let characters = Array(sql)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "'", "\"", "`":
                // Copy a quoted literal or identifier through its closing quote (doubled quotes
                // are an escaped quote and simply continue the literal).
                output.append(character)
                index += 1
                while index < characters.count {
                    output.append(characters[index])
                    index += 1
                    if characters[index - 1] == character { break }
                }
            case "-" where index + 1 < characters.count && characters[index + 1] == "-":
                while index < characters.count && characters[index] != "\n" {
                    output.append(characters[index])
                    index += 1
                }
            case "/" where index + 1 < characters.count && characters[index + 1] == "*":
                output.append("/*")
                index += 2
                while index < characters.count {
                    if characters[index] == "*" && index + 1 < characters.count && characters[index + 1] == "/" {
                        output.append("*/")
                        index += 2
                        break
                    }
                    output.append(characters[index])
                    index += 1
                }
            case "$" where index + 1 < characters.count && characters[index + 1].isASCII && characters[index + 1].isNumber:
                output.append("?")
                index += 1
            default:
                output.append(character)
                index += 1
            }
        }
        return output
    }
}
