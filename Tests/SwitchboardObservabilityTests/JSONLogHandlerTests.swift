import Foundation
import Logging
import SwitchboardCore
import SwitchboardObservability
import Testing

/// 2026-11-29T18:30:00.123456Z
let fixedLogInstant = Date(timeIntervalSince1970: 1_795_977_000.123456)

func makeLogger(
    label: String = "switchboard.test", level: Logger.Level = .trace, writer: MemoryLogWriter,
    metadataProvider: Logger.MetadataProvider? = nil, clock: @escaping @Sendable () -> Date = { fixedLogInstant }
) -> Logger {
    var logger = Logger(label: label) { label in
        JSONLogHandler(label: label, writer: writer, level: .info, metadataProvider: metadataProvider, clock: clock)
    }
    logger.logLevel = level
    return logger
}

/// Parses one written line; fails the test unless it is exactly one JSON object.
func parseLine(_ line: String) throws -> [String: Any] {
    #expect(!line.contains("\n"))
    return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
}

@Suite("JSONLogHandler: line shape")
struct JSONLogHandlerTests {
    @Test("one line per call, each a JSON object with ts, level, msg and label")
    func basicFields() throws {
        let writer = MemoryLogWriter()
        let logger = makeLogger(writer: writer)
        logger.info("server started")
        logger.warning("disk almost full")
        #expect(writer.lines.count == 2)
        let first = try parseLine(writer.lines[0])
        #expect(first["ts"] as? String == "2026-11-29T18:30:00.123456Z")
        #expect(first["level"] as? String == "info")
        #expect(first["msg"] as? String == "server started")
        #expect(first["label"] as? String == "switchboard.test")
        #expect(Set(first.keys) == ["ts", "level", "msg", "label"])
        let second = try parseLine(writer.lines[1])
        #expect(second["level"] as? String == "warning")
        #expect(second["msg"] as? String == "disk almost full")
    }

    @Test("the exact bytes of a simple line, fields in fixed order")
    func exactLine() {
        let writer = MemoryLogWriter()
        makeLogger(label: "a.b", writer: writer).notice("hi", metadata: ["user_id": "u-1", "b": "2", "a": "1"])
        #expect(
            writer.lines
                == [#"{"ts":"2026-11-29T18:30:00.123456Z","level":"notice","msg":"hi","label":"a.b","a":"1","b":"2","user_id":"u-1"}"#])
    }

    @Test("the handler writes the trailing newline; the memory writer strips it")
    func newlineTerminated() {
        final class RawWriter: LogLineWriter, @unchecked Sendable {
            let lock = NSLock()
            var raw: [[UInt8]] = []
            func write(line: [UInt8]) { lock.withLock { raw.append(line) } }
        }
        let raw = RawWriter()
        let logger = Logger(label: "raw") { JSONLogHandler(label: $0, writer: raw, clock: { fixedLogInstant }) }
        logger.info("one\ntwo")
        let bytes = raw.lock.withLock { raw.raw }
        #expect(bytes.count == 1)
        #expect(bytes.first?.last == 0x0A)
        #expect(bytes.first?.dropLast().contains(0x0A) == false)
    }

    @Test("every level is written under its name", arguments: Logger.Level.allCases)
    func levelNames(_ level: Logger.Level) throws {
        let writer = MemoryLogWriter()
        makeLogger(writer: writer).log(level: level, "x")
        let object = try parseLine(try #require(writer.lines.first))
        #expect(object["level"] as? String == level.rawValue)
    }

    @Test("the injected clock gives the timestamp, microsecond exact")
    func injectedClock() throws {
        let writer = MemoryLogWriter()
        let instants: [(Double, String)] = [
            (0, "1970-01-01T00:00:00.000000Z"),
            (951_782_400.5, "2000-02-29T00:00:00.500000Z"),
            (1_704_067_199.999999, "2023-12-31T23:59:59.999999Z"),
            (-1, "1969-12-31T23:59:59.000000Z"),
        ]
        for (seconds, _) in instants {
            makeLogger(writer: writer, clock: { Date(timeIntervalSince1970: seconds) }).info("tick")
        }
        let stamps = try writer.lines.map { try parseLine($0)["ts"] as? String }
        #expect(stamps == instants.map(\.1))
    }

    @Test("quotes, backslashes, newlines and control characters stay on one line")
    func hostileMessage() throws {
        let writer = MemoryLogWriter()
        let message = "line1\nline2\r\n\"quoted\" \\ back\tslash \u{0}\u{1B}[31m red 😀"
        makeLogger(writer: writer).error("\(message)", metadata: ["detail": "a\nb\"c"])
        #expect(writer.lines.count == 1)
        let line = try #require(writer.lines.first)
        #expect(!line.utf8.contains(where: { $0 < 0x20 }))
        let object = try parseLine(line)
        #expect(object["msg"] as? String == message)
        #expect(object["detail"] as? String == "a\nb\"c")
    }

    @Test("error and critical lines carry their source file and line")
    func sourceOnErrors() throws {
        let writer = MemoryLogWriter()
        let logger = makeLogger(writer: writer)
        logger.warning("w")
        logger.error("e")
        logger.critical("c")
        let objects = try writer.lines.map(parseLine)
        #expect(objects[0]["source"] == nil)
        let source = try #require(objects[1]["source"] as? String)
        #expect(source.contains("JSONLogHandlerTests.swift:"))
        #expect(Int(source.split(separator: ":").last ?? "") != nil)
        #expect(objects[2]["source"] is String)
    }

    @Test("messages below the logger's level are not written")
    func levelFiltering() throws {
        let writer = MemoryLogWriter()
        var logger = makeLogger(level: .warning, writer: writer)
        logger.trace("t")
        logger.debug("d")
        logger.info("i")
        logger.notice("n")
        logger.warning("w")
        logger.error("e")
        logger.critical("c")
        #expect(try writer.lines.map { try parseLine($0)["msg"] as? String } == ["w", "e", "c"])
        logger.logLevel = .trace
        logger.trace("now visible")
        #expect(writer.lines.count == 4)
        logger.logLevel = .critical
        logger.error("hidden")
        #expect(writer.lines.count == 4)
    }

    @Test("the handler's own default level is info")
    func defaultLevel() {
        let writer = MemoryLogWriter()
        let logger = Logger(label: "d") { JSONLogHandler(label: $0, writer: writer) }
        #expect(logger.logLevel == .info)
        logger.debug("hidden")
        logger.info("shown")
        #expect(writer.lines.count == 1)
    }

    @Test("the configuration's levels map one to one onto swift-log levels")
    func levelMapping() {
        let pairs: [(Logger.Level, Logger.Level)] = [
            (Logger.Level(.trace), .trace), (Logger.Level(.debug), .debug), (Logger.Level(.info), .info),
            (Logger.Level(.notice), .notice), (Logger.Level(.warning), .warning), (Logger.Level(.error), .error),
            (Logger.Level(.critical), .critical),
        ]
        for (mapped, expected) in pairs { #expect(mapped == expected) }
    }

    @Test("lines from many tasks never interleave")
    func concurrentWriters() async throws {
        let writer = MemoryLogWriter()
        let logger = makeLogger(writer: writer)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<16 {
                group.addTask {
                    for index in 0..<100 {
                        logger.info("message \(index)", metadata: ["task": "\(task)", "user_id": "user-\(task)"])
                    }
                }
            }
        }
        #expect(writer.lines.count == 1_600)
        var perTask: [String: Int] = [:]
        for line in writer.lines {
            let object = try parseLine(line)
            let task = try #require(object["task"] as? String)
            #expect(object["user_id"] as? String == "user-\(task)")
            perTask[task, default: 0] += 1
        }
        #expect(perTask.count == 16)
        #expect(perTask.values.allSatisfy { $0 == 100 })
    }
}
