public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// POSTs batches to a collector's OTLP/HTTP traces endpoint (`/v1/traces`) as JSON. Any 2xx
/// is success; anything else, or no answer within the timeout, fails the batch.
public struct OTLPHTTPSpanExporter: SpanExporter {
    /// The collector refused the batch.
    public struct Refused: Error, CustomStringConvertible {
        public let status: Int
        public let body: String
        public var description: String { "collector answered HTTP \(status)\(body.isEmpty ? "" : ": \(body)")" }
    }

    let url: String
    let headers: [String: String]
    let timeout: Duration
    let encoding: OTLPJSONEncoding
    let client: HTTPClient

    public init(url: String, headers: [String: String], timeout: Duration, encoding: OTLPJSONEncoding, client: HTTPClient) {
        self.url = url
        self.headers = headers
        self.timeout = timeout
        self.encoding = encoding
        self.client = client
    }

    public func export(_ spans: [FinishedSpan]) async throws {
        try await post(encoding.encode(spans))
    }

    public func probe() async throws {
        try await post(encoding.encode([]))
    }

    private func post(_ body: Data) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        request.headers.replaceOrAdd(name: "User-Agent", value: "switchboard-otlp-exporter")
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: TimeAmount(timeout))
        let answer = try await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(response.status.code) else {
            throw Refused(status: Int(response.status.code), body: String(buffer: answer).prefix(200).description)
        }
    }
}
