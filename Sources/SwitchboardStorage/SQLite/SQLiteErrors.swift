import SQLiteNIO

/// Maps SQLite's result codes onto ``StorageError``: constraint failures the caller can act
/// on, "locked past the busy timeout" as busy, "cannot reach the file" as unavailable,
/// everything else as a failed query.
enum SQLiteErrors {
    static func storageError(_ error: any Error, path: String) -> StorageError {
        if let error = error as? StorageError { return error }
        guard let error = error as? SQLiteError else {
            return .queryFailed("SQLite \(path): \(String(describing: type(of: error)))")
        }
        switch error.reason {
        case .constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed, .constraintForeignKeyFailed,
            .constraintUniqueRowIDFailed:
            return .constraintViolation(error.message)
        case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked, .lockedBySharedCache:
            return .busy("SQLite \(path) stayed locked by another writer: \(error.message)")
        case .cantOpen, .cantOpenDirectory, .cantOpenInvalidPath, .cantOpenUnfollowedSymlink, .cantOpenCygwinPath,
            .readOnly, .readonlyDirectory, .readonlyCantLock, .readonlyInRecovery, .readonlyInRollback,
            .readonlyBackingMoved, .permission, .full, .ioError, .ioErrorFailedWrite, .ioErrorFailedRead,
            .ioErrorFailedSync, .ioErrorFailedAccess, .ioErrorFailedSharedMemOpen, .notADatabase, .corrupt:
            return .unavailable("SQLite \(path): \(error.message)")
        default:
            return .queryFailed("SQLite \(path): \(error.message)")
        }
    }
}
