public import SwitchboardCore

/// Storage failures with stable codes. Messages never include SQL text or bound values.
public enum StorageError: RetryableError, Hashable, CustomStringConvertible {
    /// The database cannot be reached (connection refused, file unwritable, pool timeout).
    case unavailable(String)
    /// The database answered but stayed locked past the busy timeout (SQLite `SQLITE_BUSY` /
    /// `SQLITE_LOCKED`): load, not an outage or a bug, so the caller is told to retry (503 with
    /// `Retry-After`), never given a 500.
    case busy(String)
    /// A unique or foreign-key constraint refused the write.
    case constraintViolation(String)
    /// The statement failed for another reason.
    case queryFailed(String)
    case decoding(column: String, expected: String)
    case invalidURL(String)
    case migrationFailed(namespace: String, version: Int, reason: String)
    /// Another process serves from the same SQLite data directory (``DataDirectoryLock``).
    case dataDirectoryInUse(String)
    /// This process's event-log writer was fenced: a peer declared its instance lost (silent past
    /// the lease) and took over its runs, so nothing it writes to the log is accepted any more.
    case writerFenced(String)

    public var code: String {
        switch self {
        case .unavailable: "DATABASE_UNAVAILABLE"
        case .busy: "DATABASE_BUSY"
        case .constraintViolation: "CONSTRAINT_VIOLATION"
        case .queryFailed: "QUERY_FAILED"
        case .decoding: "DATABASE_DECODING_FAILED"
        case .invalidURL: "INVALID_DATABASE_URL"
        case .migrationFailed: "MIGRATION_FAILED"
        case .dataDirectoryInUse: "DATA_DIRECTORY_IN_USE"
        case .writerFenced: "WRITER_FENCED"
        }
    }

    public var httpStatus: Int {
        switch self {
        case .unavailable, .busy, .writerFenced: 503
        case .constraintViolation: 409
        default: 500
        }
    }

    public var message: String {
        switch self {
        case .unavailable: "the database is unavailable; try again shortly"
        case .busy: "the database is busy; try again shortly"
        case .constraintViolation: "the write conflicts with existing data"
        case .writerFenced: "this server instance is shutting down; try again shortly"
        default: "a storage error occurred"
        }
    }

    /// For logs and operators (not for clients).
    public var description: String {
        switch self {
        case .unavailable(let detail): "\(code): \(detail)"
        case .busy(let detail): "\(code): \(detail)"
        case .constraintViolation(let detail): "\(code): \(detail)"
        case .queryFailed(let detail): "\(code): \(detail)"
        case .decoding(let column, let expected): "\(code): column \(column) is not \(expected)"
        case .invalidURL(let detail): "\(code): \(detail)"
        case .migrationFailed(let namespace, let version, let reason): "\(code): \(namespace) v\(version): \(reason)"
        case .dataDirectoryInUse(let detail): "\(code): \(detail)"
        case .writerFenced(let detail): "\(code): \(detail)"
        }
    }

    /// The database could not serve the statement now but may shortly: unreachable or busy.
    public var isTransient: Bool {
        switch self {
        case .unavailable, .busy: true
        default: false
        }
    }

    public var retryAfterSeconds: Int? {
        switch self {
        case .busy: 1
        default: nil
        }
    }
}
