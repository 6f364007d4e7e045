import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardProtocol

/// Answers of the LangGraph API: JSON documents (the SDK reads plain objects and lists) and
/// the headers that tell the SDK where a run lives (`Content-Location`) and where to rejoin a
/// stream or a wait that was cut (`Location`).
enum LangGraphResponse {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) throws -> Response {
        var headers = extra
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value))))
    }

    static func empty(_ status: HTTPResponse.Status) -> Response {
        Response(status: status)
    }

    static func runHeaders(thread: String, run: String, location suffix: String?) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentLocation] = "/threads/\(thread)/runs/\(run)"
        if let suffix { headers[.location] = "/threads/\(thread)/runs/\(run)/\(suffix)" }
        return headers
    }

    static func stream(thread: String, run: String, _ body: ResponseBody) -> Response {
        var headers = runHeaders(thread: thread, run: run, location: "stream")
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: body)
    }
}
