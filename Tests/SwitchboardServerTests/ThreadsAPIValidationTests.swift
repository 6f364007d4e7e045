import Foundation
import SwitchboardTesting
import Testing

@Suite("Threads API refuses bad input with documented errors and writes nothing")
struct ThreadsAPIValidationTests {
    @Test("unknown fields, wrong types, oversize content, bad paging, bad JSON, huge bodies, no token")
    func badInput() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "carol")
            let thread = try #require(
                try await HTTP.send("POST", port: server.port, path: "/api/threads", token: token, json: [:]).json["id"] as? String)
            struct Case {
                var method: String
                var path: String
                var json: Any?
                var raw: Data?
                var status: Int
                var code: String
                var field: String?
            }
            let cases: [Case] = [
                Case(method: "POST", path: "/api/threads", json: ["title": "x", "colour": "red"], status: 422, code: "VALIDATION_FAILED", field: "colour"),
                Case(method: "POST", path: "/api/threads", json: ["title": 5], status: 422, code: "VALIDATION_FAILED", field: "title"),
                Case(method: "POST", path: "/api/threads", json: ["metadata": [1, 2]], status: 422, code: "VALIDATION_FAILED", field: "metadata"),
                Case(method: "POST", path: "/api/threads", json: ["title": String(repeating: "t", count: 201)], status: 422, code: "VALIDATION_FAILED", field: "title"),
                Case(method: "POST", path: "/api/threads", raw: Data("{\"title\":".utf8), status: 400, code: "MALFORMED_JSON"),
                Case(method: "POST", path: "/api/threads", raw: Data("[1]".utf8), status: 400, code: "MALFORMED_JSON"),
                Case(method: "POST", path: "/api/threads", raw: Data(repeating: UInt8(ascii: " "), count: 70_000), status: 413, code: "PAYLOAD_TOO_LARGE"),
                Case(method: "POST", path: "/api/threads/\(thread)/messages", json: ["content": String(repeating: "c", count: 8001)], status: 422, code: "VALIDATION_FAILED", field: "content"),
                Case(method: "POST", path: "/api/threads/\(thread)/messages", json: ["content": ""], status: 422, code: "VALIDATION_FAILED", field: "content"),
                Case(method: "POST", path: "/api/threads/\(thread)/messages", json: [:], status: 422, code: "VALIDATION_FAILED", field: "content"),
                Case(method: "POST", path: "/api/threads/\(thread)/messages", json: ["content": 42], status: 422, code: "VALIDATION_FAILED", field: "content"),
                Case(method: "POST", path: "/api/threads/\(thread)/messages", json: ["content": "x", "role": "assistant"], status: 422, code: "VALIDATION_FAILED", field: "role"),
                Case(method: "GET", path: "/api/threads?limit=101", status: 422, code: "VALIDATION_FAILED", field: "limit"),
                Case(method: "GET", path: "/api/threads?limit=0", status: 422, code: "VALIDATION_FAILED", field: "limit"),
                Case(method: "GET", path: "/api/threads?limit=abc", status: 422, code: "VALIDATION_FAILED", field: "limit"),
                Case(method: "GET", path: "/api/threads?offset=-1", status: 422, code: "VALIDATION_FAILED", field: "offset"),
                Case(method: "GET", path: "/api/threads?offset=99999999999999999999", status: 422, code: "VALIDATION_FAILED", field: "offset"),
                Case(method: "GET", path: "/api/threads/\(thread)/messages?limit=1000000", status: 422, code: "VALIDATION_FAILED", field: "limit"),
            ]
            for item in cases {
                let answer = try await HTTP.send(item.method, port: server.port, path: item.path, token: token, json: item.json, rawBody: item.raw)
                #expect(answer.status == item.status, "\(item.method) \(item.path) \(String(describing: item.json)): \(answer.status) \(answer.body)")
                #expect(answer.errorCode == item.code, "\(item.path): \(answer.body)")
                if let field = item.field { #expect(answer.errorField == field, "\(item.path): \(answer.body)") }
            }
            // Nothing was written by any refused request.
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/threads", token: token).json["total"] as? Int == 1)
            let messages = try await HTTP.send("GET", port: server.port, path: "/api/threads/\(thread)/messages", token: token)
            #expect((messages.json["messages"] as? [Any])?.isEmpty == true)
            let anonymous = try await HTTP.send("GET", port: server.port, path: "/api/threads")
            #expect(anonymous.status == 401)
            #expect(anonymous.errorCode == "TOKEN_MISSING")
        }
    }

    @Test("SQL metacharacters and the 8000-character limit are stored verbatim")
    func storedVerbatim() async throws {
        try await TestServer.with { server in
            let token = try await server.token(for: "dave")
            let title = "'); DROP TABLE threads; -- \" \\ % _ ☃"
            let created = try await HTTP.send("POST", port: server.port, path: "/api/threads", token: token, json: ["title": title])
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? String)
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/threads/\(id)", token: token).json["title"] as? String == title)
            let content = String(repeating: "é", count: 8000)
            let posted = try await HTTP.send("POST", port: server.port, path: "/api/threads/\(id)/messages", token: token, json: ["content": content])
            #expect(posted.status == 201)
            #expect(posted.json["content"] as? String == content)
        }
    }
}
