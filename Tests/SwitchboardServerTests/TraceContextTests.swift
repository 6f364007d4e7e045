import Foundation
import SwitchboardTesting
import Testing

@Suite("W3C traceparent accepted on HTTP requests")
struct TraceContextTests {
    @Test("the request joins the caller's trace: traceresponse and the handler's log lines carry its trace id")
    func joinsTheTrace() async throws {
        try await TestServer.with { server in
            let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
            let answer = try await HTTP.get(
                port: server.port, path: "/ws", headers: ["traceparent": "00-\(traceID)-00f067aa0ba902b7-01"])
            #expect(answer.status == 401)
            let response = try #require(answer.headers["traceresponse"])
            let fields = response.split(separator: "-").map(String.init)
            #expect(fields.count == 4)
            #expect(fields[1] == traceID)
            #expect(fields[2] != "00f067aa0ba902b7")
            #expect(fields[3] == "01")
            let refused = try #require(server.logLines(message: "websocket upgrade refused").last)
            #expect(refused["trace_id"] as? String == traceID)
            #expect(refused["span_id"] as? String == fields[2])

            let fresh = try await HTTP.get(port: server.port, path: "/health/live", headers: ["traceparent": "garbage"])
            let freshTrace = try #require(fresh.headers["traceresponse"]).split(separator: "-").map(String.init)
            #expect(freshTrace.count == 4 && freshTrace[1] != traceID && freshTrace[1].count == 32)
        }
    }
}
