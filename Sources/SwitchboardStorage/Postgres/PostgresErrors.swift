import PostgresNIO

/// Maps driver errors onto ``StorageError``: unique (23505) and foreign-key (23503) violations
/// become `.constraintViolation`; anything that means "the server cannot be used now"
/// (connection failures, authentication, a missing database, shutdown) becomes `.unavailable`.
enum PostgresErrors {
    /// `location` is `host:port/database`, never credentials.
    static func storageError(_ error: any Error, location: String) -> StorageError {
        if let error = error as? StorageError { return error }
        if let error = error as? PSQLError { return map(error, location: location) }
        if error is CancellationError { return .queryFailed("the PostgreSQL operation was cancelled") }
        if let error = error as? PostgresDecodingError {
            return .decoding(column: error.columnName, expected: "\(error.targetType)")
        }
        // NIO's connect and channel errors: the server is out of reach.
        return .unavailable("PostgreSQL at \(location) is unreachable: \(error)")
    }

    private static func map(_ error: PSQLError, location: String) -> StorageError {
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? "?????"
            let message = error.serverInfo?[.message] ?? "no message"
            switch state {
            case "23505", "23503":
                return .constraintViolation("SQLSTATE \(state): \(message)")
            case "55P03", "40P01":
                // lock_not_available, deadlock_detected: contention, not a fault.
                return .busy("PostgreSQL at \(location): SQLSTATE \(state): \(message)")
            case _ where state.hasPrefix("08"), "57P01", "57P02", "57P03", "53300", "28000", "28P01", "3D000":
                return .unavailable("PostgreSQL at \(location) refused: SQLSTATE \(state): \(message)")
            case _ where state.hasPrefix("22"):
                // Data exceptions quote the offending value; bound values stay out of messages.
                return .queryFailed("SQLSTATE \(state): a value does not fit its column's type")
            default:
                return .queryFailed("SQLSTATE \(state): \(message)")
            }
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown,
            .sslUnsupported, .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest,
            .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            let reason = error.underlying.map { ": \($0)" } ?? ""
            return .unavailable("PostgreSQL at \(location) is unreachable (\(error.code))\(reason)")
        case .queryCancelled:
            return .queryFailed("the PostgreSQL query was cancelled")
        default:
            return .queryFailed("PostgreSQL driver error \(error.code)")
        }
    }
}
