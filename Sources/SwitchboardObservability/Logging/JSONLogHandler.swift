public import Foundation
public import Logging
import SwitchboardProtocol

/// A swift-log backend writing one JSON object per line:
/// `{"ts":…,"level":…,"msg":…,"label":…,"user_id":…,"run_id":…,"request_id":…,…}`.
/// Metadata keys become top-level fields so log tools can filter on `user_id` directly.
///
/// ```swift
/// LoggingSystem.bootstrap { label in JSONLogHandler(label: label, writer: StandardErrorLogWriter()) }
/// ```
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let writer: any LogLineWriter
    private let clock: @Sendable () -> Date

    public init(
        label: String,
        writer: any LogLineWriter,
        level: Logger.Level = .info,
        metadataProvider: Logger.MetadataProvider? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.label = label
        self.writer = writer
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.clock = clock
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, new in new }
        }
        if let extra = event.metadata {
            merged.merge(extra) { _, new in new }
        }
        let micros = Int64((clock().timeIntervalSince1970 * 1_000_000).rounded())
        var line: [UInt8] = []
        line.reserveCapacity(192)
        line.append(contentsOf: #"{"ts":""#.utf8)
        WireTimestamp.append(microsecondsSinceEpoch: micros, to: &line)
        line.append(contentsOf: #"","level":"#.utf8)
        JSONStringEscaping.appendQuoted(event.level.rawValue, to: &line)
        line.append(contentsOf: #","msg":"#.utf8)
        JSONStringEscaping.appendQuoted(event.message.description, to: &line)
        line.append(contentsOf: #","label":"#.utf8)
        JSONStringEscaping.appendQuoted(label, to: &line)
        for key in merged.keys.sorted() where !Self.reservedKeys.contains(key) {
            line.append(UInt8(ascii: ","))
            JSONStringEscaping.appendQuoted(key, to: &line)
            line.append(UInt8(ascii: ":"))
            Self.append(merged[key]!, to: &line)
        }
        if event.level >= .error {
            line.append(contentsOf: #","source":"#.utf8)
            JSONStringEscaping.appendQuoted("\(event.file):\(event.line)", to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        writer.write(line: line)
    }

    private static let reservedKeys: Set<String> = ["ts", "level", "msg", "label", "source"]

    private static func append(_ value: Logger.MetadataValue, to line: inout [UInt8]) {
        switch value {
        case .string(let text):
            JSONStringEscaping.appendQuoted(text, to: &line)
        case .stringConvertible(let convertible):
            if let number = convertible as? any BinaryInteger {
                line.append(contentsOf: "\(number)".utf8)
            } else if let number = convertible as? Double, number.isFinite {
                line.append(contentsOf: "\(number)".utf8)
            } else if let flag = convertible as? Bool {
                line.append(contentsOf: (flag ? "true" : "false").utf8)
            } else {
                JSONStringEscaping.appendQuoted(convertible.description, to: &line)
            }
        case .array(let values):
            line.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                append(element, to: &line)
            }
            line.append(UInt8(ascii: "]"))
        case .dictionary(let fields):
            line.append(UInt8(ascii: "{"))
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                JSONStringEscaping.appendQuoted(key, to: &line)
                line.append(UInt8(ascii: ":"))
                append(fields[key]!, to: &line)
            }
            line.append(UInt8(ascii: "}"))
        }
    }
}
