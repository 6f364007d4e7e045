public import Foundation

/// UUIDs as lowercase text: random (version 4, `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`) or
/// time-ordered (version 7, for row keys).
///
/// Foundation's `UUID()` on Linux opens, reads and closes `/dev/urandom` for each one: three
/// system calls, and under load (several ids per agent run) 1,100 `openat`s a second in a trace
/// of the server. The standard library's generator asks the kernel (`getrandom`) directly: two
/// calls of eight bytes, no file.
public enum RandomUUID {
    public static func string() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() & 0xFFFF_FFFF_FFFF_0FFF | 0x0000_0000_0000_4000  // version 4
        let low = generator.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // RFC 4122 variant
        return text(high: high, low: low)
    }

    /// A version 7 UUID (RFC 9562): the first 48 bits are the Unix time in milliseconds, the
    /// last 74 random. For the primary keys of rows written all the time (runs, steps, model
    /// calls, messages): SQLite keeps a text key in a B-tree, and a random key lands each insert
    /// on a different leaf page, which a commit then writes whole to the WAL — a run's
    /// bookkeeping touched some thirty random pages. Keys that grow with time all go to the last
    /// leaf. They tell when a row was made, to the millisecond, which the rows say anyway.
    public static func timeOrdered(at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded())) & 0xFFFF_FFFF_FFFF
        let high = milliseconds << 16 | generator.next() & 0x0FFF | 0x7000  // version 7
        let low = generator.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // RFC 4122 variant
        return text(high: high, low: low)
    }

    private static func text(high: UInt64, low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            var index = 0
            func append(_ value: UInt64, nibbles: Int) {
                for shift in stride(from: (nibbles - 1) * 4, through: 0, by: -4) {
                    buffer[index] = hexDigits[Int(value >> UInt64(shift) & 0xF)]
                    index += 1
                }
            }
            func dash() {
                buffer[index] = UInt8(ascii: "-")
                index += 1
            }
            append(high >> 32, nibbles: 8)
            dash()
            append(high >> 16 & 0xFFFF, nibbles: 4)
            dash()
            append(high & 0xFFFF, nibbles: 4)
            dash()
            append(low >> 48, nibbles: 4)
            dash()
            append(low & 0xFFFF_FFFF_FFFF, nibbles: 12)
            return index
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
