import Foundation
import SwitchboardTesting
import Testing

@Suite("Threads and messages REST API")
struct ThreadsAPITests {
    @Test("create, read, update, list, post messages, archive", arguments: TestDatabase.available)
    func lifecycle(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let token = try await server.token(for: "alice")
            let created = try await HTTP.send(
                "POST", port: server.port, path: "/api/threads", token: token,
                json: ["title": "Why is my bill high?", "metadata": ["source": "test"]])
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["title"] as? String == "Why is my bill high?")
            #expect((created.json["metadata"] as? [String: Any])?["source"] as? String == "test")
            #expect(created.json["archived"] as? Bool == false)

            let fetched = try await HTTP.send("GET", port: server.port, path: "/api/threads/\(id)", token: token)
            #expect(fetched.status == 200)
            #expect(fetched.json["id"] as? String == id)

            let renamed = try await HTTP.send(
                "PATCH", port: server.port, path: "/api/threads/\(id)", token: token, json: ["title": "Renamed"])
            #expect(renamed.status == 200)
            #expect(renamed.json["title"] as? String == "Renamed")
            #expect((renamed.json["metadata"] as? [String: Any])?["source"] as? String == "test")

            for text in ["first", "second", "third"] {
                let posted = try await HTTP.send(
                    "POST", port: server.port, path: "/api/threads/\(id)/messages", token: token, json: ["content": text])
                #expect(posted.status == 201)
                #expect(posted.json["role"] as? String == "user")
            }
            let listed = try await HTTP.send(
                "GET", port: server.port, path: "/api/threads/\(id)/messages?limit=2&offset=1", token: token)
            #expect(listed.status == 200)
            let contents = (listed.json["messages"] as? [[String: Any]])?.compactMap { $0["content"] as? String }
            #expect(contents == ["second", "third"])
            #expect(listed.json["limit"] as? Int == 2)

            let messageID = try #require((listed.json["messages"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/messages/\(messageID)", token: token).status == 200)
            #expect(try await HTTP.send("DELETE", port: server.port, path: "/api/messages/\(messageID)", token: token).status == 204)
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/messages/\(messageID)", token: token).status == 404)

            let page = try await HTTP.send("GET", port: server.port, path: "/api/threads", token: token)
            #expect(page.json["total"] as? Int == 1)
            #expect(page.json["limit"] as? Int == 20)

            let archived = try await HTTP.send("DELETE", port: server.port, path: "/api/threads/\(id)", token: token)
            #expect(archived.status == 200)
            #expect(archived.json["archived"] as? Bool == true)
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/threads", token: token).json["total"] as? Int == 0)
            let late = try await HTTP.send(
                "POST", port: server.port, path: "/api/threads/\(id)/messages", token: token, json: ["content": "late"])
            #expect(late.status == 409)
            #expect(late.errorCode == "THREAD_ARCHIVED")
        }
    }

    @Test("another user's thread and message ids answer 404 on every route, and change nothing", arguments: TestDatabase.available)
    func ownership(_ database: TestDatabase) async throws {
        try await TestServer.with(database: database) { server in
            let alice = try await server.token(for: "alice")
            let bob = try await server.token(for: "bob")
            let thread = try #require(
                try await HTTP.send("POST", port: server.port, path: "/api/threads", token: alice, json: ["title": "mine"])
                    .json["id"] as? String)
            let message = try #require(
                try await HTTP.send(
                    "POST", port: server.port, path: "/api/threads/\(thread)/messages", token: alice, json: ["content": "secret"]
                ).json["id"] as? String)
            let attempts: [(String, String, Any?)] = [
                ("GET", "/api/threads/\(thread)", nil),
                ("PATCH", "/api/threads/\(thread)", ["title": "stolen"]),
                ("PUT", "/api/threads/\(thread)", ["title": "stolen"]),
                ("DELETE", "/api/threads/\(thread)", nil),
                ("GET", "/api/threads/\(thread)/messages", nil),
                ("POST", "/api/threads/\(thread)/messages", ["content": "intrusion"]),
                ("GET", "/api/messages/\(message)", nil),
                ("DELETE", "/api/messages/\(message)", nil),
            ]
            for (method, path, body) in attempts {
                let answer = try await HTTP.send(method, port: server.port, path: path, token: bob, json: body)
                #expect(answer.status == 404, "\(method) \(path) answered \(answer.status)")
                #expect(answer.errorCode == "NOT_FOUND")
                #expect(!answer.body.contains("secret") && !answer.body.contains("mine"))
            }
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/threads", token: bob).json["total"] as? Int == 0)
            let intact = try await HTTP.send("GET", port: server.port, path: "/api/threads/\(thread)", token: alice)
            #expect(intact.json["title"] as? String == "mine")
            #expect(intact.json["archived"] as? Bool == false)
            let messages = try await HTTP.send("GET", port: server.port, path: "/api/threads/\(thread)/messages", token: alice)
            #expect((messages.json["messages"] as? [[String: Any]])?.map { $0["content"] as? String } == ["secret"])
        }
    }
}
