public import Foundation
public import SwitchboardCore
public import SwitchboardProtocol
public import SwitchboardStorage

/// `auth.audit_logs`: append-only; read newest first by the admin API.
public struct AuditLogRepository: Sendable {
    private let database: any NamespaceDatabase
    private let now: @Sendable () -> Date

    public init(database: any NamespaceDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    /// Appends one event. `email` (normalised or as typed) is stored only as its SHA-256.
    public func record(
        _ event: AuditEvent, userID: UserID? = nil, email: String? = nil, client: ClientInfo, detail: JSONValue = [:],
        on executor: (any DatabaseExecutor)? = nil
    ) async throws {
        let detailText = String(decoding: try JSONEncoder().encode(detail), as: UTF8.self)
        try await (executor ?? database).execute(SQLStatement(
            """
            INSERT INTO audit_logs (id, event, user_id, email_hash, ip, user_agent, detail, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .text(RandomUUID.string()), .text(event.rawValue), .optional(userID?.rawValue),
                .optional(email.map { SecretComparison.sha256Hex($0.lowercased()) }), .optional(client.ip),
                .optional(client.userAgent), .json(detailText), .timestamp(now()),
            ]))
    }

    /// Newest first; only `event` when given.
    public func recent(page: PageRequest, event: AuditEvent? = nil, userID: UserID? = nil) async throws -> [AuditRecord] {
        var conditions: [String] = []
        var bindings: [SQLValue] = []
        if let event {
            bindings.append(.text(event.rawValue))
            conditions.append("event = $\(bindings.count)")
        }
        if let userID {
            bindings.append(.text(userID.rawValue))
            conditions.append("user_id = $\(bindings.count)")
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let rows = try await database.query(SQLStatement(
            "SELECT * FROM audit_logs\(filter) ORDER BY created_at DESC, id LIMIT $\(bindings.count + 1) OFFSET $\(bindings.count + 2)",
            bindings + [.int(page.limit), .int(page.offset)]))
        return try rows.map(Self.record)
    }

    static func record(_ row: SQLRow) throws -> AuditRecord {
        var detail: JSONValue = [:]
        if case .text(let text) = row["detail"], let decoded = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) {
            detail = decoded
        }
        return AuditRecord(
            id: try row.text("id"),
            event: try row.text("event"),
            userID: try row.optionalText("user_id").flatMap { try? UserID(validating: $0) },
            emailHash: try row.optionalText("email_hash"),
            ip: try row.optionalText("ip"),
            userAgent: try row.optionalText("user_agent"),
            detail: detail,
            createdAt: try row.timestamp("created_at"))
    }
}
