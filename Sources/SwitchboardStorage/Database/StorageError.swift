public import SwitchboardCore

/// Storage failures with stable codes. Messages never include SQL text or bound values.
public enum StorageError: SwitchboardError, Hashable, CustomStringConvertible {
    /// The database cannot be reached (connection refused, file unwritable, pool timeout).
    case unavailable(String)
    /// A unique or foreign-key constraint refused the write.
    case constraintViolation(String)
    /// The statement failed for another reason.
    case queryFailed(String)
    case decoding(column: String, expected: String)
    case invalidURL(String)
    case migrationFailed(namespace: String, version: Int, reason: String)

    public var code: String {
        switch self {
        case .unavailable: "DATABASE_UNAVAILABLE"
        case .constraintViolation: "CONSTRAINT_VIOLATION"
        case .queryFailed: "QUERY_FAILED"
        case .decoding: "DATABASE_DECODING_FAILED"
        case .invalidURL: "INVALID_DATABASE_URL"
        case .migrationFailed: "MIGRATION_FAILED"
        }
    }

    public var httpStatus: Int {
        switch self {
        case .unavailable: 503
        case .constraintViolation: 409
        default: 500
        }
    }

    public var message: String {
        switch self {
        case .unavailable: "the database is unavailable; try again shortly"
        case .constraintViolation: "the write conflicts with existing data"
        default: "a storage error occurred"
        }
    }

    /// For logs and operators (not for clients).
    public var description: String {
        switch self {
        case .unavailable(let detail): "\(code): \(detail)"
        case .constraintViolation(let detail): "\(code): \(detail)"
        case .queryFailed(let detail): "\(code): \(detail)"
        case .decoding(let column, let expected): "\(code): column \(column) is not \(expected)"
        case .invalidURL(let detail): "\(code): \(detail)"
        case .migrationFailed(let namespace, let version, let reason): "\(code): \(namespace) v\(version): \(reason)"
        }
    }
}
