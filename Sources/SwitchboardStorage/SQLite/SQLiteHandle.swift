// SQLiteNIO's own C module: the same SQLite build its package compiles (its symbols carry a
// `sqlite_nio_` prefix), so the process holds one SQLite, also in the static container build.
// SwiftPM makes a dependency's C module visible to its dependents; it is not a declared product.
import SwitchboardSQLiteOptions
import VaporCSQLite

/// One SQLite connection called directly, on whatever thread the caller runs on.
///
/// SQLiteNIO ran every statement on a thread of its own pool and answered on an event loop, and
/// the awaiting task resumed on a third thread: three wake-ups per statement, two statements per
/// write (the statement, then `changes()`), and a profile of the event path spent more time in
/// those hand-offs than in SQLite. Here a statement is a few C calls on the caller's thread:
/// nothing in WAL mode with `synchronous=NORMAL` waits for the disk on a commit, and nothing
/// waits for another writer, since writers take their turn before (``SQLiteLease``) and a
/// locked file answers `SQLITE_BUSY` at once (no busy handler sleeping in the thread).
///
/// Statements are prepared once and kept (``SQLiteStatementCache``): the same few hundred
/// statements of the app run thousands of times a second, and SQLiteNIO prepared each anew.
///
/// Not thread-safe by itself: exactly one task holds a handle at a time (``SQLiteLease``), and
/// the lease's hand-over orders its uses. That is the whole of its `Sendable` promise.
final class SQLiteHandle: @unchecked Sendable {
    let path: String
    let exclusiveToProcess: Bool
    private var connection: OpaquePointer?
    private var statements: SQLiteStatementCache

    /// Opens (creating when missing) the file in read-write mode. `exclusiveToProcess` opens it
    /// through SQLite's `unix-excl` file system: the first lock this process takes is an
    /// exclusive one on the file, held until its last connection closes, and every later lock
    /// between its own connections is kept in memory — no `fcntl` per transaction (6,100 a
    /// second on the event log under the event-path bench) and a WAL index on the heap instead
    /// of a shared `-shm` mapping. Another process then cannot open the file at all.
    init(path: String, exclusiveToProcess: Bool = false, cachedStatements: Int = 48) throws(StorageError) {
        self.path = path
        self.exclusiveToProcess = exclusiveToProcess
        statements = SQLiteStatementCache(capacity: cachedStatements)
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite_nio_sqlite3_open_v2(path, &opened, flags, exclusiveToProcess ? "unix-excl" : nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? String(cString: sqlite_nio_sqlite3_errstr(code))
            sqlite_nio_sqlite3_close_v2(opened)
            throw SQLiteResultCode.storageError(code, message: message, path: path, exclusiveToProcess: exclusiveToProcess)
        }
        // Plans that never depend on bound values. Without this, SQLite marks a statement to be
        // prepared again whenever a parameter it planned around is bound — `LIMIT ?`, or the
        // user id of a `GROUP BY` over the rollups — and two of the analyses' cached statements
        // were parsed anew on every execution (1.8 % of the event path's CPU).
        let planned = switchboard_sqlite_enable_stable_plans(UnsafeMutableRawPointer(opened))
        guard planned == SQLITE_OK else {
            let message = String(cString: sqlite_nio_sqlite3_errmsg(opened))
            sqlite_nio_sqlite3_close_v2(opened)
            throw SQLiteResultCode.storageError(planned, message: message, path: path)
        }
        connection = opened
    }

    deinit {
        close()
    }

    /// Finalizes every kept statement and closes the connection; later calls fail as unavailable.
    func close() {
        statements.finalizeAll()
        if let connection { sqlite_nio_sqlite3_close_v2(connection) }
        connection = nil
    }

    /// Runs one statement and returns its rows.
    func rows(for statement: SQLStatement) throws(StorageError) -> [SQLRow] {
        try step(statement) { prepared throws(StorageError) in try SQLiteColumns.rows(of: prepared, handle: self) }
    }

    /// Runs one statement and returns how many rows it changed: `changes()` keeps the count of
    /// the last INSERT/UPDATE/DELETE, so a statement that did not move `total_changes()` (DDL, a
    /// SELECT) changed nothing.
    func changes(for statement: SQLStatement) throws(StorageError) -> Int {
        let connection = try open()
        let before = sqlite_nio_sqlite3_total_changes64(connection)
        try step(statement) { prepared throws(StorageError) in try SQLiteColumns.drain(prepared, handle: self) }
        guard sqlite_nio_sqlite3_total_changes64(connection) != before else { return 0 }
        return Int(sqlite_nio_sqlite3_changes64(connection))
    }

    /// Runs statements of our own (pragmas, transaction control), without bindings or rows.
    func run(_ sql: String) throws(StorageError) {
        let connection = try open()
        let code = sqlite_nio_sqlite3_exec(connection, sql, nil, nil, nil)
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// How many times SQLite prepared the kept statement for `sql` again (nil when none is kept).
    func repreparations(of sql: String) -> Int? {
        statements.repreparations(of: sql)
    }

    /// The error SQLite reported for `code`, with its message and this file's path.
    func failure(_ code: Int32) -> StorageError {
        let message = connection.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? String(cString: sqlite_nio_sqlite3_errstr(code))
        return SQLiteResultCode.storageError(code, message: message, path: path, exclusiveToProcess: exclusiveToProcess)
    }

    private func open() throws(StorageError) -> OpaquePointer {
        guard let connection else { throw .unavailable("SQLite \(path) is closed") }
        return connection
    }

    /// Prepares (or takes from the cache), binds, hands the statement to `body` to step through,
    /// and resets it for the next use whatever happened.
    private func step<Result>(
        _ statement: SQLStatement, _ body: (OpaquePointer) throws(StorageError) -> Result
    ) throws(StorageError) -> Result {
        let connection = try open()
        // Kept under the statement's own text: a kept statement needs no placeholder rewrite.
        let sql = statement.text
        let prepared: OpaquePointer
        if let kept = statements.take(sql) {
            prepared = kept
        } else {
            var made: OpaquePointer?
            let code = sqlite_nio_sqlite3_prepare_v3(
                connection, SQLitePlaceholders.translate(sql), -1, UInt32(SQLITE_PREPARE_PERSISTENT), &made, nil)
            guard code == SQLITE_OK, let made else { throw failure(code) }
            prepared = made
        }
        defer {
            sqlite_nio_sqlite3_reset(prepared)
            sqlite_nio_sqlite3_clear_bindings(prepared)
            statements.keep(prepared, for: sql)
        }
        for (index, value) in statement.bindings.enumerated() {
            let code = SQLiteBindings.bind(value, to: prepared, at: Int32(index + 1))
            guard code == SQLITE_OK else { throw failure(code) }
        }
        return try body(prepared)
    }
}
