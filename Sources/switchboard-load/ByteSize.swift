import ArgumentParser
import Foundation

/// A size on the command line: `1GiB`, `512MiB`, `64KiB` or plain bytes.
struct ByteSize: ExpressibleByArgument, Sendable, CustomStringConvertible {
    var bytes: Int64

    init(bytes: Int64) {
        self.bytes = bytes
    }

    init?(argument: String) {
        let units: [(String, Int64)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)]
        let text = argument.trimmingCharacters(in: .whitespaces)
        let (number, scale) = units.first { text.hasSuffix($0.0) }.map { (String(text.dropLast($0.0.count)), $0.1) } ?? (text, 1)
        guard let value = Double(number), value > 0 else { return nil }
        bytes = Int64(value * Double(scale))
    }

    var description: String { bytes % (1 << 30) == 0 ? "\(bytes >> 30)GiB" : "\(bytes >> 20)MiB" }
}
