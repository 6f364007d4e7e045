import SwitchboardProtocol
import SwitchboardTesting
import Testing

@Suite("WebSocket thread commands use the same repositories as REST")
struct ThreadCommandTests {
    @Test("create_thread, list_threads, switch_thread and get_thread_history answer with typed events")
    func threadCommands() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "erin")
            let client = try await TestWebSocketClient.connect(port: server.port, token: token)
            #expect(try await client.nextEvent().eventType == .connectionEstablished)

            try await client.send(type: "create_thread", payload: ["title": "From the socket", "metadata": ["via": "ws"]], id: "c1")
            let created = try await client.nextEvent()
            #expect(created.eventType == .threadCreated)
            #expect(created.id == "c1")
            let threadID = try #require(created.payload["thread"]?["id"]?.stringValue)
            #expect(created.payload["thread"]?["title"] == "From the socket")

            // Visible over REST too, and a message posted there shows up in the socket's history.
            let rest = try await HTTP.send("GET", port: server.port, path: "/api/threads/\(threadID)", token: token)
            #expect(rest.json["title"] as? String == "From the socket")
            _ = try await HTTP.send(
                "POST", port: server.port, path: "/api/threads/\(threadID)/messages", token: token, json: ["content": "hello"])

            try await client.send(type: "list_threads", payload: ["limit": 5], id: "l1")
            let list = try await client.nextEvent()
            #expect(list.eventType == .threadList)
            #expect(list.payload["total"] == 1)
            #expect(list.payload["limit"] == 5)

            try await client.send(type: "switch_thread", payload: ["thread_id": threadID], id: "s1")
            let switched = try await client.nextEvent()
            #expect(switched.eventType == .threadSwitched)
            #expect(switched.payload["thread"]?["id"]?.stringValue == threadID)
            #expect(switched.payload["messages"]?.arrayCount == 1)
            #expect(switched.payload["messages"]?.arrayFirst?["content"] == "hello")

            try await client.send(text: #"{"type":"get_thread_history","thread_id":"\#(threadID)","id":"h1"}"#)
            let history = try await client.nextEvent()
            #expect(history.eventType == .threadHistory)
            #expect(history.id == "h1")
            #expect(history.payload["thread_id"]?.stringValue == threadID)
            await client.close()
        }
    }

    @Test("another user's thread answers THREAD_NOT_FOUND; bad limits answer VALIDATION_FAILED")
    func refusals() async throws {
        try await TestServer.with { server in
            let owner = try await server.token(for: "frank")
            let thread = try #require(
                try await HTTP.send("POST", port: server.port, path: "/api/threads", token: owner, json: ["title": "private"])
                    .json["id"] as? String)
            let intruder = try await TestWebSocketClient.connect(port: server.port, token: try await server.token(for: "grace"))
            _ = try await intruder.nextEvent()
            for type in ["switch_thread", "get_thread_history"] {
                try await intruder.send(type: type, payload: ["thread_id": thread], id: type)
                let refused = try await intruder.nextEvent()
                #expect(refused.eventType == .error)
                #expect(refused.id == type)
                #expect(refused.payload["code"] == "THREAD_NOT_FOUND")
            }
            try await intruder.send(type: "list_threads", payload: ["limit": 1000])
            let invalid = try await intruder.nextEvent()
            #expect(invalid.payload["code"] == "VALIDATION_FAILED")
            #expect(invalid.payload["field"] == "limit")
            try await intruder.send(type: "create_thread", payload: ["title": String(repeating: "x", count: 500)])
            #expect(try await intruder.nextEvent().payload["field"] == "title")
            await intruder.close()
        }
    }
}

extension JSONValue {
    var arrayFirst: JSONValue? {
        guard case .array(let values) = self else { return nil }
        return values.first
    }

    var arrayCount: Int? {
        guard case .array(let values) = self else { return nil }
        return values.count
    }
}
