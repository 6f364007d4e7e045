public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1

/// Statements over ClickHouse's HTTP interface: the query in the POST body, or for inserts in
/// the `query` parameter with the rows (JSONEachRow or TabSeparated) as the body. Any answer but 200 is an
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

    /// `INSERT INTO <table> FORMAT JSONEachRow` with one JSON object a line as the body, or with
    /// `columns` `INSERT INTO <table> (<columns>) FORMAT TabSeparated` with one row a line.
    public func insert(into table: String, columns: [String]? = nil, rows: Data) async throws(AnalyticsError) {
        let query = columns.map { "INSERT INTO \(table) (\($0.joined(separator: ", "))) FORMAT TabSeparated" }
            ?? "INSERT INTO \(table) FORMAT JSONEachRow"
        var components = URLComponents(string: endpoint.baseURL)
        components?.queryItems = [URLQueryItem(name: "query", value: query)]
        guard let url = components?.string else { throw .invalidURL("cannot build the insert URL") }
        try await send(url: url, body: rows)
    }

    /// Runs `sql` (a `SELECT`) with `table` sent beside it as external data, and answers its
    /// output as text. The table travels as the one part of a `multipart/form-data` body.
    func query(_ sql: String, with table: ClickHouseExternalTable) async throws(AnalyticsError) -> String {
        var components = URLComponents(string: endpoint.baseURL)
        components?.queryItems = [
            URLQueryItem(name: "query", value: sql), URLQueryItem(name: "\(table.name)_structure", value: table.structure),
        ]
        guard let url = components?.string else { throw .invalidURL("cannot build the query URL") }
        // The rows are TabSeparated: escaped, they hold no CR LF, so no boundary can occur in them.
        let boundary = "switchboard-external-data"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(table.name)\"; filename=\"\(table.name)\"\r\n".utf8)
        body.append(Data("Content-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(contentsOf: table.rows)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return try await send(url: url, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    @discardableResult
    private func send(url: String, body: Data, contentType: String? = nil) async throws(AnalyticsError) -> String {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
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
