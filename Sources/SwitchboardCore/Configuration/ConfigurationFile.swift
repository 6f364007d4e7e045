/// Parses a configuration file: one `SWITCHBOARD_NAME=value` per line, `#` comments,
/// blank lines, optional surrounding quotes. The same names as the environment variables,
/// so there is one vocabulary for settings.
public enum ConfigurationFile {
    public static func parse(_ contents: String, path: String) throws(ConfigurationError) -> [String: String] {
        var values: [String: String] = [:]
        // "\r\n" is one Character in Swift, so split on either line ending explicitly.
        let lines = contents.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            let body = line.hasPrefix("export ") ? String(line.dropFirst(7)).trimmingWhitespace() : line
            guard let equals = body.firstIndex(of: "=") else {
                throw .malformedLine(path: path, line: index + 1)
            }
            let key = String(body[..<equals]).trimmingWhitespace()
            var value = String(body[body.index(after: equals)...]).trimmingWhitespace()
            guard !key.isEmpty, !key.contains(" ") else { throw .malformedLine(path: path, line: index + 1) }
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[key] = value
        }
        return values
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
