import Foundation
import SwitchboardProtocol

/// The client messages the load tool sends, as text frames.
public enum ClientFrames {
    public static func startAgent(query: String, id: String) -> String {
        encode(["type": "start_agent", "id": .string(id), "payload": ["query": .string(query)]])
    }

    /// A first message: the server holds a new connection's logged events until its client says
    /// something (or resumes), so a client that waits before its first run would see its peers'
    /// first events late.
    public static func ping(id: String) -> String {
        encode(["type": "ping", "id": .string(id), "payload": [:]])
    }

    /// Asks for every event after `since` (the last offset this logical connection received).
    public static func resume(since: Int, epoch: String?, id: String) -> String {
        var payload: [String: JSONValue] = ["since": .number(Double(since))]
        if let epoch { payload["epoch"] = .string(epoch) }
        return encode(["type": "resume", "id": .string(id), "payload": .object(payload)])
    }

    private static func encode(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue built here cannot fail: it holds no non-finite numbers.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
