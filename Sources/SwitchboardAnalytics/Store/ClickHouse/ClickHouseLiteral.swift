/// The only way a value enters ClickHouse SQL text. ClickHouse 18.16 (Debian's) has no
/// query parameters (`{name:Type}` is a syntax error there), so string values are written as
/// quoted literals with every character that could end or bend the literal escaped; numbers
/// are rendered from typed Swift values, never from text.
///
/// ```swift
/// "user_id = " + ClickHouseLiteral.string("o'brien\\")   // user_id = 'o\'brien\\'
/// ```
public enum ClickHouseLiteral {
    public static func string(_ value: String) -> String {
        var out = "'"
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }

    public static func integer(_ value: Int64) -> String { String(value) }

    /// A database or table name: letters, digits and `_`, not starting with a digit.
    public static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first), name.count <= 64 else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}
