/// ClickHouse's `TabSeparated` escaping of strings: `\t`, `\n`, `\\` and the other backslash
/// sequences, written for external tables and read back from answers.
enum ClickHouseTabSeparated {
    static func appendEscaped(_ value: String, to bytes: inout [UInt8]) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "0")]
            default: bytes.append(byte)
            }
        }
    }

    /// The fields of each line of a `TabSeparated` answer, unescaped. Read over the answer's
    /// bytes: splitting it into substrings and those into fields was most of the time an insert
    /// spent reading the prompt firsts ClickHouse answered.
    static func rows(in answer: String) -> [[String]] {
        var answer = answer
        return answer.withUTF8 { bytes in
            var rows: [[String]] = []
            var fields: [String] = []
            var start = 0
            var escaped = false
            for index in 0...bytes.count {
                let byte = index < bytes.count ? bytes[index] : UInt8(ascii: "\n")
                if byte == UInt8(ascii: "\\") { escaped = true }
                guard byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") else { continue }
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                fields.append(escaped ? unescape(Substring(text)) : text)
                escaped = false
                start = index + 1
                if byte == UInt8(ascii: "\n") {
                    if fields.count > 1 || !fields[0].isEmpty { rows.append(fields) }
                    fields.removeAll(keepingCapacity: true)
                }
            }
            return rows
        }
    }

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
