import Foundation
import SwitchboardProtocol
import Testing

/// SplitMix64: a deterministic generator so the sweep is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("WireTimestamp")
struct WireTimestampTests {
    /// 1601-01-01T00:00:00Z: Foundation's formatter switches to the Julian calendar before 1582,
    /// so comparisons with it start here.
    static let earliestComparable: Int64 = -11_644_473_600 * 1_000_000
    /// 9999-12-31T23:59:59.999999Z, the last instant with a four-digit year.
    static let latestFourDigit: Int64 = 253_402_300_799_999_999

    /// What `ISO8601DateFormatter` says, with the fraction written to six digits: the formatter
    /// rounds fractions to milliseconds, so it formats the whole second and the fraction is added.
    static func reference(_ micros: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let seconds = micros >= 0 ? micros / 1_000_000 : -((-micros + 999_999) / 1_000_000)
        let fraction = micros - seconds * 1_000_000
        let whole = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        #expect(whole.hasSuffix("Z"))
        let digits = String(fraction)
        return whole.dropLast() + "." + String(repeating: "0", count: 6 - digits.count) + digits + "Z"
    }

    @Test(
        "exact strings around the epoch, leap days and year boundaries",
        arguments: [
            (Int64(0), "1970-01-01T00:00:00.000000Z"),
            (1, "1970-01-01T00:00:00.000001Z"),
            (-1, "1969-12-31T23:59:59.999999Z"),
            (-999_999, "1969-12-31T23:59:59.000001Z"),
            (-1_000_000, "1969-12-31T23:59:59.000000Z"),
            (-1_000_001, "1969-12-31T23:59:58.999999Z"),
            (-86_400_000_000, "1969-12-31T00:00:00.000000Z"),
            (-86_400_000_001, "1969-12-30T23:59:59.999999Z"),
            (951_782_400_123_456, "2000-02-29T00:00:00.123456Z"),
            (951_868_799_999_999, "2000-02-29T23:59:59.999999Z"),
            (951_868_800_000_000, "2000-03-01T00:00:00.000000Z"),
            (1_709_164_800_000_000, "2024-02-29T00:00:00.000000Z"),
            (1_704_067_199_999_999, "2023-12-31T23:59:59.999999Z"),
            (1_704_067_200_000_000, "2024-01-01T00:00:00.000000Z"),
            (1_677_628_800_000_000, "2023-03-01T00:00:00.000000Z"),
            (4_107_542_400_000_000, "2100-03-01T00:00:00.000000Z"),
            (-2_203_977_600_000_000, "1900-02-28T00:00:00.000000Z"),
            (-2_203_891_200_000_000, "1900-03-01T00:00:00.000000Z"),
            (-2_208_988_800_000_001, "1899-12-31T23:59:59.999999Z"),
            (1_795_977_000_123_456, "2026-11-29T18:30:00.123456Z"),
            (-62_135_596_800_000_000, "0001-01-01T00:00:00.000000Z"),
            (253_402_300_799_999_999, "9999-12-31T23:59:59.999999Z"),
        ] as [(Int64, String)]
    )
    func exactStrings(_ micros: Int64, _ expected: String) {
        #expect(WireTimestamp.format(microsecondsSinceEpoch: micros) == expected)
        #expect(WireTimestamp.parse(expected) == micros)
    }

    @Test("the exact strings agree with ISO8601DateFormatter where it is Gregorian")
    func exactStringsAgreeWithFoundation() {
        for micros: Int64 in [0, -1, 951_782_400_123_456, 1_704_067_199_999_999, -2_203_977_600_000_000, Self.latestFourDigit] {
            #expect(WireTimestamp.format(microsecondsSinceEpoch: micros) == Self.reference(micros))
        }
    }

    @Test("millisecond instants match ISO8601DateFormatter with fractional seconds")
    func matchesFormatterWithFractionalSeconds() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var generator = SplitMix64(state: 7)
        var checked = 0
        for _ in 0..<2_000 {
            // Whole milliseconds between 1601 and 2200, where Double represents them exactly enough.
            let millis = Int64.random(in: -11_644_473_600_000...7_258_118_400_000, using: &generator)
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(millis) / 1000))
            let wire = WireTimestamp.format(microsecondsSinceEpoch: millis * 1000)
            #expect(wire == expected.dropLast() + "000Z", "millis \(millis)")
            checked += 1
        }
        #expect(checked == 2_000)
    }

    @Test("a sweep of random microsecond instants 1601…9999 matches Foundation and round-trips")
    func randomSweep() {
        var generator = SplitMix64(state: 2026)
        for _ in 0..<5_000 {
            let micros = Int64.random(in: Self.earliestComparable...Self.latestFourDigit, using: &generator)
            let text = WireTimestamp.format(microsecondsSinceEpoch: micros)
            #expect(text == Self.reference(micros), "micros \(micros)")
            #expect(WireTimestamp.parse(text) == micros, "micros \(micros)")
        }
    }

    @Test("every day of a leap and a common year, at the last microsecond of the day")
    func everyDayOfTwoYears() {
        // 2023-01-01 through 2024-12-31.
        let start: Int64 = 1_672_531_200
        for day in Int64(0)..<731 {
            let micros = (start + day * 86_400 + 86_399) * 1_000_000 + 999_999
            let text = WireTimestamp.format(microsecondsSinceEpoch: micros)
            #expect(text == Self.reference(micros))
            #expect(WireTimestamp.parse(text) == micros)
        }
    }

    @Test("the output is always 27 bytes of the fixed shape")
    func shape() {
        var generator = SplitMix64(state: 99)
        for _ in 0..<500 {
            let micros = Int64.random(in: Self.earliestComparable...Self.latestFourDigit, using: &generator)
            let bytes = Array(WireTimestamp.format(microsecondsSinceEpoch: micros).utf8)
            #expect(bytes.count == 27)
            for (index, separator) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "."), (26, "Z")] {
                #expect(bytes[index] == UInt8(ascii: Unicode.Scalar(separator)!))
            }
        }
    }

    @Test("append writes after existing bytes")
    func appendKeepsPrefix() {
        var bytes = Array("ts=".utf8)
        WireTimestamp.append(microsecondsSinceEpoch: 1, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "ts=1970-01-01T00:00:00.000001Z")
    }

    @Test(
        "parse accepts 0 to 9 fraction digits and scales them to microseconds",
        arguments: [
            ("2026-11-29T18:30:00Z", Int64(0)),
            ("2026-11-29T18:30:00.1Z", 100_000),
            ("2026-11-29T18:30:00.12Z", 120_000),
            ("2026-11-29T18:30:00.123Z", 123_000),
            ("2026-11-29T18:30:00.1234Z", 123_400),
            ("2026-11-29T18:30:00.12345Z", 123_450),
            ("2026-11-29T18:30:00.123456Z", 123_456),
            ("2026-11-29T18:30:00.1234567Z", 123_456),
            ("2026-11-29T18:30:00.12345678Z", 123_456),
            ("2026-11-29T18:30:00.123456789Z", 123_456),
            ("2026-11-29T18:30:00.000001Z", 1),
            ("2026-11-29T18:30:00.999999999Z", 999_999),
        ] as [(String, Int64)]
    )
    func parseFractions(_ text: String, _ fraction: Int64) {
        #expect(WireTimestamp.parse(text) == 1_795_977_000_000_000 + fraction)
    }

    @Test(
        "parse refuses text that is not the format",
        arguments: [
            "", "garbage", "2026-11-29", "2026-11-29T18:30:00", "2026-11-29T18:30:00.123456",
            "2026-11-29T18:30:00.Z", "2026-11-29T18:30:00.1234567890Z", "2026-1a-29T18:30:00Z",
            "2026-11-29T18:30:0xZ", "2026-11-29T18:30:00.12a4Z", "2026-11-29T18:30:00+00:00",
            "-026-11-29T18:30:00Z", "२०२६-11-29T18:30:00Z",
        ]
    )
    func parseRefusesGarbage(_ text: String) {
        #expect(WireTimestamp.parse(text) == nil)
    }

    @Test(
        "parse refuses wrong separators and out-of-range fields",
        arguments: [
            "2026/11/29T18:30:00Z", "2026-11-29 18:30:00Z", "2026-11-29T18-30-00Z", "2026-11-29T18:30:00,5Z",
            "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-00T00:00:00Z",
            "2026-11-29T24:00:00Z", "2026-11-29T18:60:00Z", "2026-11-29T18:30:61Z", "2026-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-29T18:30:00X1Z",
        ]
    )
    func parseRefusesInvalidFields(_ text: String) {
        #expect(WireTimestamp.parse(text) == nil)
    }

    @Test("parse accepts the real leap days and month ends")
    func parseLeapDays() {
        #expect(WireTimestamp.parse("2024-02-29T00:00:00Z") == 1_709_164_800_000_000)
        #expect(WireTimestamp.parse("2000-02-29T00:00:00.123456Z") == 951_782_400_123_456)
        #expect(WireTimestamp.parse("1900-02-28T00:00:00Z") == -2_203_977_600_000_000)
        #expect(WireTimestamp.parse("2023-12-31T23:59:59.999999Z") == 1_704_067_199_999_999)
        for (month, days) in [(1, 31), (3, 31), (4, 30), (6, 30), (9, 30), (11, 30), (12, 31)] {
            let text = "2026-\(month < 10 ? "0" : "")\(month)-\(days)T00:00:00Z"
            #expect(WireTimestamp.parse(text) != nil, "\(text)")
        }
    }
}
