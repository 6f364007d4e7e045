import VaporCSQLite

/// A connection's prepared statements, by their SQL text, at most `capacity` of them.
///
/// A statement is *taken* while it runs and *kept* again afterwards, so a statement that runs
/// inside another's loop (never here, but cheap to allow) gets a fresh one. Long texts — bulk
/// inserts whose row count varies — are finalized after use instead of kept: they rarely repeat
/// and their programs are large. When full, the least recently kept statement goes.
struct SQLiteStatementCache {
    /// Longer SQL texts are not kept.
    static let longestKeptText = 4_096

    let capacity: Int
    private var statements: [String: (statement: OpaquePointer, kept: UInt64)] = [:]
    private var keeps: UInt64 = 0

    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func take(_ sql: String) -> OpaquePointer? {
        statements.removeValue(forKey: sql)?.statement
    }

    mutating func keep(_ statement: OpaquePointer, for sql: String) {
        guard capacity > 0, sql.utf8.count <= Self.longestKeptText, statements[sql] == nil else {
            sqlite_nio_sqlite3_finalize(statement)
            return
        }
        // A scan only when full: the app's working set of statements fits.
        if statements.count >= capacity, let oldest = statements.min(by: { $0.value.kept < $1.value.kept }) {
            statements.removeValue(forKey: oldest.key)
            sqlite_nio_sqlite3_finalize(oldest.value.statement)
        }
        keeps += 1
        statements[sql] = (statement, keeps)
    }

    /// How many times SQLite prepared the kept statement for `sql` again since it was made.
    func repreparations(of sql: String) -> Int? {
        statements[sql].map { Int(sqlite_nio_sqlite3_stmt_status($0.statement, SQLITE_STMTSTATUS_REPREPARE, 0)) }
    }

    mutating func finalizeAll() {
        for entry in statements.values { sqlite_nio_sqlite3_finalize(entry.statement) }
        statements.removeAll()
    }
}
