import Foundation
import SwitchboardAuth
import SwitchboardCore
import SwitchboardServer
import SwitchboardStorage
import SwitchboardTesting
import Testing

/// The LangGraph API on a real server over loopback, on SQLite and (when the test command
/// started one, `scripts/with-postgres`) PostgreSQL; the SDK itself is exercised by
/// `scripts/langgraph-test`.
@Suite("LangGraph API")
struct LangGraphAPITests {
    static let supervisor = "3dba61cc-373b-5094-96d6-8331cb40a952"

    static func json(_ answer: HTTP.Answer) -> Any? { try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) }

    static func object(_ answer: HTTP.Answer) -> [String: Any] { json(answer) as? [String: Any] ?? [:] }

    static func input(_ text: String) -> [String: Any] { ["messages": [["role": "user", "content": text]]] }

    /// Frames' data as JSON, compared by value (an object's keys come in any order).
    static func parsed(_ frames: [ServerSentEventsTests.Frame]) -> NSArray {
        frames.map { (try? JSONSerialization.jsonObject(with: Data($0.data.utf8))) ?? $0.data } as NSArray
    }

    /// The log offsets of a stream's `custom` frames (Switchboard's envelopes).
    static func offsets(_ frames: [ServerSentEventsTests.Frame]) -> [Int] {
        frames.filter { $0.event == "custom" }.compactMap { frame in
            (try? JSONSerialization.jsonObject(with: Data(frame.data.utf8)) as? [String: Any])?["offset"] as? Int
        }
    }

    @Test("personal API keys: shown once, stored as a hash, accepted as x-api-key here and on /api, refused once revoked; a key cannot make keys", arguments: TestDatabase.available)
    func apiKeys(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let token = try await server.token(for: "kay", tier: .pro)
            let made = try await HTTP.send("POST", port: server.port, path: "/auth/api-keys", token: token, json: ["name": "sdk"])
            #expect(made.status == 201)
            let key = try #require(Self.object(made)["key"] as? String)
            let id = try #require(Self.object(made)["id"] as? String)
            #expect(key.hasPrefix("sbk_") && Self.object(made)["tier"] as? String == "pro")
            let rows = try await server.server.auth.repositories.database.query(SQLStatement("SELECT * FROM api_keys", []))
            let hash = try #require(try rows.first?.text("key_hash"))
            #expect(rows.count == 1 && hash != key && !hash.contains(key))

            let search = try await HTTP.send("POST", port: server.port, path: "/threads/search", json: [:], headers: ["x-api-key": key])
            #expect(search.status == 200)
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/threads", headers: ["x-api-key": key]).status == 200)
            let byKey = try await HTTP.send("POST", port: server.port, path: "/auth/api-keys", json: [:], headers: ["x-api-key": key])
            #expect(byKey.status == 403 && byKey.errorCode == "ACCESS_TOKEN_REQUIRED")
            let list = try await HTTP.send("GET", port: server.port, path: "/auth/api-keys", token: token)
            #expect((Self.object(list)["api_keys"] as? [[String: Any]])?.map { $0["key"] == nil || $0["key"] is NSNull } == [true])

            #expect(try await HTTP.send("DELETE", port: server.port, path: "/auth/api-keys/\(id)", token: token).status == 204)
            let refused = try await HTTP.send("POST", port: server.port, path: "/threads/search", json: [:], headers: ["x-api-key": key])
            #expect(refused.status == 401 && Self.object(refused)["code"] as? String == "API_KEY_INVALID")
            #expect(Self.object(refused)["detail"] as? String == "the API key is not valid")
            let page = try PageRequest(limit: 20, offset: 0, defaultLimit: 20, maxLimit: 20)
            let audit = try await server.server.auth.repositories.auditLogs.recent(page: page)
            #expect(Set(audit.map(\.event)).isSuperset(of: ["api_key_created", "api_key_used", "api_key_revoked"]))
        }
    }

    @Test("assistants, a thread and a run waited for: the thread's values in LangChain form; another user gets 404 everywhere; unsupported fields answer 422 naming them", arguments: TestDatabase.available)
    func threadsAndRuns(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let token = try await server.token(for: "lena", tier: .pro)
            let other = try await server.token(for: "otto")
            let assistants = try await HTTP.send("POST", port: server.port, path: "/assistants/search", token: token, json: [:])
            #expect((Self.json(assistants) as? [[String: Any]])?.first?["assistant_id"] as? String == Self.supervisor)
            #expect(try await HTTP.send("GET", port: server.port, path: "/ok").body == #"{"ok":true}"#)

            let thread = try await HTTP.send("POST", port: server.port, path: "/threads", token: token, json: ["metadata": ["a": 1]])
            let threadID = try #require(Self.object(thread)["thread_id"] as? String)
            let values = try await HTTP.send(
                "POST", port: server.port, path: "/threads/\(threadID)/runs/wait", token: token,
                json: ["assistant_id": "supervisor", "input": Self.input("What do my LLM calls cost?")])
            #expect(values.status == 200)
            let messages = try #require(Self.object(values)["messages"] as? [[String: Any]])
            #expect(messages.map { $0["type"] as? String } == ["human", "ai"])
            let runPath = try #require(values.headers["content-location"])
            let run = try await HTTP.send("GET", port: server.port, path: runPath, token: token)
            #expect(Self.object(run)["status"] as? String == "success")

            for (method, path) in [("GET", "/threads/\(threadID)"), ("GET", runPath), ("GET", runPath + "/join"), ("POST", runPath + "/cancel"),
                                   ("GET", "/threads/\(threadID)/state"), ("GET", "/threads/\(threadID)/runs")] {
                let answer = try await HTTP.send(method, port: server.port, path: path, token: other)
                #expect(answer.status == 404, "\(method) \(path)")
                #expect(Self.object(answer)["detail"] is String)
            }
            for (field, value) in [("checkpoint", ["checkpoint_id": "x"]), ("interrupt_before", ["data"]), ("webhook", "https://x.test")] as [(String, Any)] {
                let refused = try await HTTP.send(
                    "POST", port: server.port, path: "/threads/\(threadID)/runs", token: token,
                    json: ["assistant_id": "supervisor", "input": Self.input("x"), field: value])
                #expect(refused.status == 422)
                #expect((Self.object(refused)["detail"] as? String)?.hasPrefix(field) == true, "\(refused.body)")
            }
            let runs = try await HTTP.send("GET", port: server.port, path: "/threads/\(threadID)/runs", token: token)
            #expect((Self.json(runs) as? [Any])?.count == 1)
        }
    }

    @Test("a streamed run: metadata first, epoch:offset ids, end with its status; a join from the 5th id gets exactly the rest", arguments: TestDatabase.available)
    func streamAndJoin(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database, configure: {
            $0.agents.toolDelayMilliseconds = 100
            $0.eventLog.sseHeartbeatSeconds = 0.2
        }) { server in
            let token = try await server.token(for: "sam", tier: .pro)
            let thread = try await HTTP.send("POST", port: server.port, path: "/threads", token: token, json: [:])
            let threadID = try #require(Self.object(thread)["thread_id"] as? String)
            let answer = try await HTTP.send(
                "POST", port: server.port, path: "/threads/\(threadID)/runs/stream", token: token,
                json: ["assistant_id": Self.supervisor, "input": Self.input("Why is my LLM bill so high?"), "stream_mode": ["custom", "updates"]])
            #expect(answer.headers["content-type"] == "text/event-stream")
            let frames = ServerSentEventsTests.frames(answer.body).frames
            #expect(frames.first?.event == "metadata")
            #expect(frames.last?.event == "end" && frames.last?.data.contains(#""status":"success""#) == true)
            // Every custom frame is one logged event; the last SSE event made from a logged event carries its id.
            let offsets = Self.offsets(frames)
            #expect(offsets.count > 10 && offsets == offsets.sorted() && Set(offsets).count == offsets.count)
            let ids = frames.compactMap(\.id)
            #expect(ids == offsets.map { "\(ids.first?.split(separator: ":").first ?? ""):\($0)" })
            #expect(frames.contains { $0.event == "updates" && $0.data.hasPrefix(#"{"triage":"#) })
            let location = try #require(answer.headers["location"])
            let again = try await HTTP.send(
                "GET", port: server.port, path: location + "?stream_mode=custom", token: token, headers: ["Last-Event-ID": ids[4]])
            #expect(Self.offsets(ServerSentEventsTests.frames(again.body).frames) == Array(offsets.dropFirst(5)))
        }
    }

    @Test("values streams the thread's state at the start, after every agent step and at the end; a join from any values id gets exactly the rest", arguments: TestDatabase.available)
    func valuesPerStep(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database, configure: { $0.eventLog.sseHeartbeatSeconds = 0.2 }) { server in
            let token = try await server.token(for: "vera", tier: .pro)
            let thread = try await HTTP.send("POST", port: server.port, path: "/threads", token: token, json: [:])
            let threadID = try #require(Self.object(thread)["thread_id"] as? String)
            // A first run leaves a question, an answer and a report: the second run's state starts from them.
            let first = try await HTTP.send(
                "POST", port: server.port, path: "/threads/\(threadID)/runs/wait", token: token,
                json: ["assistant_id": "supervisor", "input": Self.input("What do my LLM calls cost?")])
            let firstReport = try #require(Self.object(first)["report"])
            let answer = try await HTTP.send(
                "POST", port: server.port, path: "/threads/\(threadID)/runs/stream", token: token,
                json: ["assistant_id": "supervisor", "input": Self.input("Why is my LLM bill so high?"), "stream_mode": ["values", "updates"]])
            let frames = ServerSentEventsTests.frames(answer.body).frames
            let values = frames.filter { $0.event == "values" }.map { Self.object(HTTP.Answer(status: 200, body: $0.data)) }
            // One values chunk before the first step, one per step (each updates chunk), one at the end.
            let steps = frames.filter { $0.event == "updates" }.count
            #expect(steps >= 3 && values.count == steps + 2, "\(values.count) values, \(steps) steps")
            func types(_ value: [String: Any]) -> [String] { (value["messages"] as? [[String: Any]])?.compactMap { $0["type"] as? String } ?? [] }
            // While the run goes the state is the thread's messages up to its question and the
            // report of the run before; at the end it holds the answer and this run's report.
            for value in values.dropLast() {
                #expect(types(value) == ["human", "ai", "human"])
                #expect((value["report"] as? NSDictionary)?.isEqual(firstReport) == true)
            }
            let last = try #require(values.last)
            #expect(types(last) == ["human", "ai", "human", "ai"])
            #expect(last["report"] is [String: Any] && (last["report"] as? NSDictionary)?.isEqual(firstReport) == false)

            // Only values asked for: every chunk carries its event's id; a join after any of them
            // (a dropped stream's Last-Event-ID) gets exactly the values chunks after it.
            let location = try #require(answer.headers["location"])
            let all = ServerSentEventsTests.frames(
                try await HTTP.send("GET", port: server.port, path: location + "?stream_mode=values", token: token).body
            ).frames.filter { $0.event == "values" }
            #expect(all.count == values.count && all.allSatisfy { $0.id != nil })
            #expect(Self.parsed(all) == values as NSArray)
            for cut in [1, all.count / 2, all.count - 1] {
                let rest = try await HTTP.send(
                    "GET", port: server.port, path: location + "?stream_mode=values", token: token,
                    headers: ["Last-Event-ID": try #require(all[cut - 1].id)])
                let joined = ServerSentEventsTests.frames(rest.body).frames.filter { $0.event == "values" }
                #expect(joined.map(\.id) == all.dropFirst(cut).map(\.id), "join after values chunk \(cut)")
                #expect(Self.parsed(joined) == Self.parsed(Array(all.dropFirst(cut))))
            }
        }
    }

    @Test("multitask strategies on a busy thread: reject answers 409, enqueue waits as pending then succeeds, interrupt ends the run going", arguments: TestDatabase.available)
    func multitask(_ database: TestDatabase) async throws {
        // Tools slow enough that the first run is still going when the fourth request arrives,
        // even on a loaded machine; the interrupt ends it early, so the test stays short.
        try await TestServer.with(database: database, configure: { $0.agents.toolDelayMilliseconds = 2000 }) { server in
            let token = try await server.token(for: "mia", tier: .pro)
            let thread = try await HTTP.send("POST", port: server.port, path: "/threads", token: token, json: [:])
            let runs = "/threads/\(try #require(Self.object(thread)["thread_id"] as? String))/runs"
            func create(_ strategy: String) async throws -> HTTP.Answer {
                try await HTTP.send("POST", port: server.port, path: runs, token: token, json: [
                    "assistant_id": "supervisor", "input": Self.input("What do my LLM calls cost?"), "multitask_strategy": strategy,
                ])
            }
            let first = Self.object(try await create("reject"))
            let firstID = try #require(first["run_id"] as? String)
            #expect(first["status"] as? String == "running")
            let refused = try await create("reject")
            #expect(refused.status == 409 && Self.object(refused)["code"] as? String == "THREAD_BUSY")
            let queued = Self.object(try await create("enqueue"))
            let queuedID = try #require(queued["run_id"] as? String)
            #expect(queued["status"] as? String == "pending")
            let interrupting = Self.object(try await create("interrupt"))
            let interruptingID = try #require(interrupting["run_id"] as? String)
            #expect(Self.object(try await HTTP.send("GET", port: server.port, path: "\(runs)/\(firstID)", token: token))["status"] as? String == "interrupted")
            #expect(Self.object(try await HTTP.send("GET", port: server.port, path: "\(runs)/\(queuedID)", token: token))["status"] as? String == "interrupted")
            _ = try await HTTP.send("GET", port: server.port, path: "\(runs)/\(interruptingID)/join", token: token)
            #expect(Self.object(try await HTTP.send("GET", port: server.port, path: "\(runs)/\(interruptingID)", token: token))["status"] as? String == "success")
        }
    }
}
