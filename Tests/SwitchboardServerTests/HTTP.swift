import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Plain HTTP requests against a test server on loopback.
enum HTTP {
    struct Answer {
        var status: Int
        var body: String
        /// Header names lower-cased.
        var headers: [String: String] = [:]

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
        }

        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }
        var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }

        /// Status, code and message: what a client can tell two refusals apart by.
        var refusal: String { "\(status) \(errorCode ?? "-") \(errorMessage ?? "-")" }
    }

    static func get(port: Int, path: String, headers: [String: String] = [:]) async throws -> Answer {
        try await send("GET", port: port, path: path, headers: headers)
    }

    static func send(
        _ method: String, port: Int, path: String, token: String? = nil, json: Any? = nil, rawBody: Data? = nil,
        headers: [String: String] = [:]
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let rawBody {
            request.httpBody = rawBody
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (name, value) in http?.allHeaderFields ?? [:] {
            headers["\(name)".lowercased()] = "\(value)"
        }
        return Answer(status: http?.statusCode ?? 0, body: String(decoding: data, as: UTF8.self), headers: headers)
    }
}
