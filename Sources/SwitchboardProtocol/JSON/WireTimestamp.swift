/// ISO-8601 UTC timestamps with microseconds ("2026-11-29T18:30:00.123456Z"), formatted by
/// arithmetic: `ISO8601DateFormatter` costs microseconds per call and every event carries one.
public enum WireTimestamp {
    /// Formats microseconds since the Unix epoch.
    public static func format(microsecondsSinceEpoch micros: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        append(microsecondsSinceEpoch: micros, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func append(microsecondsSinceEpoch micros: Int64, to bytes: inout [UInt8]) {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        appendDigits(year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(secondOfDay / 3600, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 3600 / 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        appendDigits(fraction, width: 6, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Parses the format above (fraction optional, 1–9 digits) back to microseconds.
    public static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let digit = Int64(bytes[index]) - 48
                guard digit >= 0, digit <= 9 else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        let separators: [(Int, Character)] = [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":")]
        guard separators.allSatisfy({ bytes[$0.0] == $0.1.asciiValue }) else { return nil }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        guard bytes.count == 20 || bytes[19] == UInt8(ascii: ".") else { return nil }
        var micros: Int64 = 0
        if bytes[19] == UInt8(ascii: ".") {
            let digits = bytes.count - 21
            guard digits >= 1, digits <= 9, let fraction = number(20..<(bytes.count - 1)) else { return nil }
            var scaled = fraction
            for _ in 0..<abs(6 - digits) { scaled = digits < 6 ? scaled * 10 : scaled / 10 }
            micros = scaled
        }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return ((days * 86_400) + hour * 3600 + minute * 60 + second) * 1_000_000 + micros
    }

    /// The UTC calendar day of a time, `yyyy-mm-dd` — what per-day rollups key on, without
    /// formatting (and then cutting) a whole timestamp.
    public static func formatDay(secondsSinceEpoch seconds: Double) -> String {
        let (year, month, day) = civilDate(daysSinceEpoch: Int64((seconds / 86_400).rounded(.down)))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10)
        appendDigits(year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's civil_from_days / days_from_civil.
    private static func civilDate(daysSinceEpoch days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Written in place: a digits array per field was seven allocations per timestamp, and every
    /// event and every stored row formats one (1.1 % of the event path's CPU).
    private static func appendDigits(_ value: Int64, width: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var remaining = value
        var index = start + width - 1
        while index >= start {
            bytes[index] = UInt8(truncatingIfNeeded: 48 + remaining % 10)
            remaining /= 10
            index -= 1
        }
    }
}
