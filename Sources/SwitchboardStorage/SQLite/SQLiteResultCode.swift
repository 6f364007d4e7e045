import VaporCSQLite

/// Maps SQLite's (extended) result codes onto ``StorageError``: unique, primary-key and
/// foreign-key conflicts the caller can act on, "locked" as busy, "cannot reach the file" as
/// unavailable, everything else — a NOT NULL or CHECK failure is a bug in the statement, not a
/// conflict — as a failed query.
enum SQLiteResultCode {
    /// SQLITE_CONSTRAINT itself and its UNIQUE, PRIMARYKEY, FOREIGNKEY and ROWID forms
    /// (`SQLITE_CONSTRAINT | n << 8`; Swift does not import those macros).
    private static let conflicts: Set<Int32> = Set([0, 8, 6, 3, 10].map { SQLITE_CONSTRAINT | Int32($0) << 8 })

    static func storageError(_ code: Int32, message: String, path: String, exclusiveToProcess: Bool = false) -> StorageError {
        if conflicts.contains(code) { return .constraintViolation(message) }
        switch code & 0xFF {
        case SQLITE_BUSY, SQLITE_LOCKED:
            guard exclusiveToProcess else { return .busy("SQLite \(path) stayed locked by another writer: \(message)") }
            return .busy(
                "SQLite \(path) is held by another process (one process at a time may open it: is a server running on "
                    + "this data directory?): \(message)")
        case SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM, SQLITE_FULL, SQLITE_IOERR, SQLITE_NOTADB, SQLITE_CORRUPT,
            SQLITE_AUTH:
            return .unavailable("SQLite \(path): \(message)")
        default:
            return .queryFailed("SQLite \(path): \(message)")
        }
    }

    /// Whether `error` says another connection holds the lock, so the statement may be tried again.
    static func isBusy(_ error: StorageError) -> Bool {
        if case .busy = error { return true }
        return false
    }
}
