import Foundation
import Logging
import SwitchboardObservability
import Testing

/// A value logged as `.stringConvertible` that is neither a number nor a Bool.
struct Temperature: CustomStringConvertible, Sendable {
    var celsius: Int
    var description: String { "\(celsius)°C \"warm\"" }
}

@Suite("JSONLogHandler: metadata")
struct JSONLogHandlerMetadataTests {
    @Test("user_id, run_id and request_id become top-level string fields")
    func requestContextFields() throws {
        let writer = MemoryLogWriter()
        makeLogger(writer: writer).info(
            "run finished", metadata: ["user_id": "user-7", "run_id": "run-8", "request_id": "req-9"])
        let object = try parseLine(try #require(writer.lines.first))
        #expect(object["user_id"] as? String == "user-7")
        #expect(object["run_id"] as? String == "run-8")
        #expect(object["request_id"] as? String == "req-9")
        #expect(object["metadata"] == nil)
    }

    @Test("logger metadata, provider metadata and call metadata merge; the call wins")
    func mergeOrder() throws {
        let writer = MemoryLogWriter()
        let provider = Logger.MetadataProvider { ["trace_id": "t-1", "shared": "provider"] }
        var logger = makeLogger(writer: writer, metadataProvider: provider)
        logger[metadataKey: "user_id"] = "user-1"
        logger[metadataKey: "shared"] = "logger"
        logger.info("one", metadata: ["shared": "call", "extra": "e"])
        logger.info("two")
        let first = try parseLine(writer.lines[0])
        #expect(first["user_id"] as? String == "user-1")
        #expect(first["trace_id"] as? String == "t-1")
        #expect(first["shared"] as? String == "call")
        #expect(first["extra"] as? String == "e")
        let second = try parseLine(writer.lines[1])
        #expect(second["shared"] as? String == "provider")
        #expect(second["extra"] == nil)
        #expect(logger[metadataKey: "user_id"] == "user-1")
    }

    @Test("metadata set on one logger copy does not leak into another")
    func valueSemantics() throws {
        let writer = MemoryLogWriter()
        let base = makeLogger(writer: writer)
        var alice = base
        alice[metadataKey: "user_id"] = "alice"
        var bob = base
        bob[metadataKey: "user_id"] = "bob"
        alice.info("a")
        bob.info("b")
        base.info("c")
        let users = try writer.lines.map { try parseLine($0)["user_id"] as? String }
        #expect(users == ["alice", "bob", nil])
    }

    @Test("nested arrays and dictionaries become JSON arrays and objects")
    func nestedValues() throws {
        let writer = MemoryLogWriter()
        makeLogger(writer: writer).info(
            "nested",
            metadata: [
                "tags": ["a", "b", ["c", "d"]],
                "limits": ["events": "1000", "inner": ["deep": ["x"]], "empty": [:]],
                "none": [],
            ])
        let object = try parseLine(try #require(writer.lines.first))
        let tags = try #require(object["tags"] as? [Any])
        #expect(tags.count == 3)
        #expect(tags[0] as? String == "a")
        #expect(tags[2] as? [String] == ["c", "d"])
        let limits = try #require(object["limits"] as? [String: Any])
        #expect(limits["events"] as? String == "1000")
        #expect((limits["inner"] as? [String: Any])?["deep"] as? [String] == ["x"])
        #expect((limits["empty"] as? [String: Any])?.isEmpty == true)
        #expect((object["none"] as? [Any])?.isEmpty == true)
    }

    @Test("integers, finite doubles and booleans are JSON numbers and booleans")
    func typedScalars() throws {
        let writer = MemoryLogWriter()
        makeLogger(writer: writer).info(
            "scalars",
            metadata: [
                "count": .stringConvertible(42), "negative": .stringConvertible(Int64(-7)),
                "bytes": .stringConvertible(UInt8(255)), "ratio": .stringConvertible(0.25),
                "flag": .stringConvertible(true), "off": .stringConvertible(false),
                "nan": .stringConvertible(Double.nan), "inf": .stringConvertible(Double.infinity),
                "temp": .stringConvertible(Temperature(celsius: 21)),
            ])
        let line = try #require(writer.lines.first)
        #expect(line.contains(#""count":42"#))
        #expect(line.contains(#""negative":-7"#))
        #expect(line.contains(#""bytes":255"#))
        #expect(line.contains(#""ratio":0.25"#))
        #expect(line.contains(#""flag":true"#))
        #expect(line.contains(#""off":false"#))
        let object = try parseLine(line)
        #expect(object["nan"] as? String == "nan")
        #expect(object["inf"] as? String == "inf")
        #expect(object["temp"] as? String == "21°C \"warm\"")
    }

    @Test("metadata keys are written in sorted order")
    func sortedKeys() throws {
        let writer = MemoryLogWriter()
        makeLogger(writer: writer).info("k", metadata: ["zeta": "1", "alpha": "2", "mid": ["b": "1", "a": "2"]])
        let line = try #require(writer.lines.first)
        let alpha = try #require(line.range(of: #""alpha""#))
        let mid = try #require(line.range(of: #""mid""#))
        let zeta = try #require(line.range(of: #""zeta""#))
        #expect(alpha.lowerBound < mid.lowerBound)
        #expect(mid.lowerBound < zeta.lowerBound)
        #expect(line.contains(#""mid":{"a":"2","b":"1"}"#))
    }

    @Test("metadata cannot overwrite or duplicate the reserved fields")
    func reservedKeys() throws {
        let writer = MemoryLogWriter()
        makeLogger(label: "real.label", writer: writer).error(
            "real message",
            metadata: ["ts": "fake", "level": "fake", "msg": "fake", "label": "fake", "source": "fake", "ok": "yes"])
        let line = try #require(writer.lines.first)
        for key in ["ts", "level", "msg", "label", "source"] {
            #expect(line.components(separatedBy: "\"\(key)\":").count == 2, "\(key) appears once")
        }
        let object = try parseLine(line)
        #expect(object["msg"] as? String == "real message")
        #expect(object["label"] as? String == "real.label")
        #expect(object["level"] as? String == "error")
        #expect(object["ts"] as? String == "2026-11-29T18:30:00.123456Z")
        #expect(object["source"] as? String != "fake")
        #expect(object["ok"] as? String == "yes")
    }

    @Test("keys and values with quotes, backslashes and newlines are escaped")
    func hostileKeys() throws {
        let writer = MemoryLogWriter()
        makeLogger(writer: writer).info("x", metadata: ["we\"ird\nkey\\": "v\"a\nl\\ue", "list": ["a\"", "b\n"]])
        #expect(writer.lines.count == 1)
        let object = try parseLine(try #require(writer.lines.first))
        #expect(object["we\"ird\nkey\\"] as? String == "v\"a\nl\\ue")
        #expect(object["list"] as? [String] == ["a\"", "b\n"])
    }

    @Test("the handler's metadata subscript and property agree")
    func handlerMetadata() {
        var handler = JSONLogHandler(label: "h", writer: MemoryLogWriter())
        handler[metadataKey: "user_id"] = "u"
        #expect(handler.metadata["user_id"] == "u")
        handler.metadata["run_id"] = "r"
        #expect(handler[metadataKey: "run_id"] == "r")
        handler[metadataKey: "user_id"] = nil
        #expect(handler.metadata.keys.sorted() == ["run_id"])
    }
}
