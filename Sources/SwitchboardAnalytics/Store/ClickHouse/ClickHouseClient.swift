public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// Statements over ClickHouse's HTTP interface: the query in the POST body, or for inserts in
/// the `query` parameter with the rows (JSONEachRow) as the body. Any answer but 200 is an
/// ``AnalyticsError/storeUnavailable(_:)`` carrying ClickHouse's message.
public struct ClickHouseClient: Sendable {
    public let endpoint: ClickHouseEndpoint
    let client: HTTPClient
    let timeout: TimeAmount
    static let maxAnswerBytes = 512 * 1024 * 1024

    public init(endpoint: ClickHouseEndpoint, client: HTTPClient, timeout: Duration = .seconds(10)) {
        self.endpoint = endpoint
        self.client = client
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
    }

    /// Runs `sql` and answers its output as text.
    @discardableResult
    public func run(_ sql: String) async throws(AnalyticsError) -> String {
        try await send(url: endpoint.baseURL, body: Data(sql.utf8))
    }

    /// `INSERT INTO <table> FORMAT JSONEachRow` with one JSON object a line as the body.
    public func insert(into table: String, rows: Data) async throws(AnalyticsError) {
        var components = URLComponents(string: endpoint.baseURL)
        components?.queryItems = [URLQueryItem(name: "query", value: "INSERT INTO \(table) FORMAT JSONEachRow")]
        guard let url = components?.string else { throw .invalidURL("cannot build the insert URL") }
        try await send(url: url, body: rows)
    }

    @discardableResult
    private func send(url: String, body: Data) async throws(AnalyticsError) -> String {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        if let user = endpoint.user {
            request.headers.add(name: "X-ClickHouse-User", value: user)
            request.headers.add(name: "X-ClickHouse-Key", value: endpoint.password ?? "")
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let answer = try await response.body.collect(upTo: Self.maxAnswerBytes)
            let text = String(buffer: answer)
            guard response.status == .ok else {
                throw AnalyticsError.storeUnavailable("ClickHouse answered \(response.status.code): \(text.prefix(300))")
            }
            return text
        } catch let error as AnalyticsError {
            throw error
        } catch {
            throw .storeUnavailable("ClickHouse at \(endpoint.baseURL) is unreachable: \(error)")
        }
    }
}
