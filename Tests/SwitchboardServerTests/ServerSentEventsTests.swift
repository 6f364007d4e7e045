import Foundation
import SwitchboardCore
import SwitchboardProtocol
import SwitchboardTesting
import Testing

@Suite("Server-sent events over the same event log")
struct ServerSentEventsTests {
    struct Frame {
        var id: String?
        var event: String
        var data: String
    }

    static func frames(_ body: String) -> (frames: [Frame], heartbeats: Int) {
        var frames: [Frame] = []
        var heartbeats = 0
        for block in body.components(separatedBy: "\n\n") where !block.isEmpty {
            var frame = Frame(event: "", data: "")
            for line in block.split(separator: "\n") {
                if line.hasPrefix(":") { heartbeats += 1 }
                if line.hasPrefix("id: ") { frame.id = String(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { frame.event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { frame.data = String(line.dropFirst(6)) }
            }
            if !frame.event.isEmpty { frames.append(frame) }
        }
        return (frames, heartbeats)
    }

    @Test("POST /api/agent/stream streams the run with epoch:offset ids, heartbeats, and ends with end; the run can be streamed again from Last-Event-ID")
    func streamAndResume() async throws {
        try await TestServer.with(configure: {
            $0.agents.toolDelayMilliseconds = 150
            $0.eventLog.sseHeartbeatSeconds = 0.1
        }) { server in
            let token = try await server.token(for: "uma")
            let answer = try await HTTP.send(
                "POST", port: server.port, path: "/api/agent/stream", token: token, json: ["query": "What do my LLM calls cost?"])
            #expect(answer.status == 200)
            #expect(answer.headers["content-type"] == "text/event-stream")
            let (frames, heartbeats) = Self.frames(answer.body)
            #expect(heartbeats > 0)
            #expect(frames.last?.event == "end")
            let events = try frames.dropLast().map { try JSONDecoder().decode(ServerEnvelope.self, from: Data($0.data.utf8)) }
            #expect(frames.dropLast().map(\.event) == events.map(\.type))
            #expect(AgentRun.orderProblems(events) == [])
            #expect(frames.dropLast().map(\.id) == events.map { "\($0.epoch ?? ""):\($0.offset ?? -1)" })
            let runID = try #require(events.first?.runID)
            #expect(answer.headers["x-run-id"] == runID)

            // Again from the 5th event: exactly the rest.
            let fifth = try #require(frames.dropLast().dropFirst(4).first?.id)
            let again = try await HTTP.send(
                "GET", port: server.port, path: "/api/agent/runs/\(runID)/stream", token: token, headers: ["Last-Event-ID": fifth])
            let rest = Self.frames(again.body).frames
            #expect(rest.dropLast().map(\.id) == frames.dropLast().dropFirst(5).map(\.id))
            #expect(rest.last?.event == "end")
            // Another user's run is not found; a bad Last-Event-ID is refused.
            let other = try await server.token(for: "vic")
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/agent/runs/\(runID)/stream", token: other).status == 404)
            let bad = try await HTTP.send(
                "GET", port: server.port, path: "/api/agent/runs/\(runID)/stream", token: token, headers: ["Last-Event-ID": "x"])
            #expect(bad.status == 422)
        }
    }

    @Test("a run followed by SSE while a WebSocket client of the same user sees the same events")
    func sameEventsAsWebSocket() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "wes")
            let client = try await TestWebSocketClient.connect(port: server.port, token: token)
            _ = try await client.nextEvent()
            try await client.send(type: "ping")
            _ = try await client.nextEvent()
            let answer = try await HTTP.send(
                "POST", port: server.port, path: "/api/agent/stream", token: token, json: ["query": "Why is my LLM bill so high?"])
            let sse = Self.frames(answer.body).frames.dropLast().compactMap(\.id)
            let socket = try await AgentRun.events(from: client).map { "\($0.epoch ?? ""):\($0.offset ?? -1)" }
            #expect(sse == socket)
            await client.close()
        }
    }
}
