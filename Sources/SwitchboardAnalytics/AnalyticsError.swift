public import SwitchboardCore

/// Failures of the analytics module, with stable codes.
public enum AnalyticsError: SwitchboardError, Hashable {
    /// More records in one request than ``UsageBatchParser/maxRecords``.
    case tooManyRecords(limit: Int)
    /// The body is neither a JSON array nor newline-delimited JSON objects.
    case malformedBatch
    /// A supply-catalog file that cannot be read or has an invalid entry.
    case invalidCatalog(String)
    /// The store refused or could not be reached.
    case storeUnavailable(String)
    /// SWITCHBOARD_ANALYTICS_URL cannot be understood.
    case invalidURL(String)
    /// The store is down and the on-disk spool is at its size limit: nothing was accepted.
    case spoolFull(maxBytes: Int)
    /// The spool's file cannot be written.
    case spoolUnavailable(String)

    public var code: String {
        switch self {
        case .tooManyRecords: "TOO_MANY_RECORDS"
        case .malformedBatch: "MALFORMED_BATCH"
        case .invalidCatalog: "INVALID_CATALOG"
        case .storeUnavailable: "ANALYTICS_UNAVAILABLE"
        case .invalidURL: "INVALID_ANALYTICS_URL"
        case .spoolFull: "ANALYTICS_SPOOL_FULL"
        case .spoolUnavailable: "ANALYTICS_SPOOL_UNAVAILABLE"
        }
    }

    public var httpStatus: Int {
        switch self {
        case .tooManyRecords: 413
        case .malformedBatch: 400
        case .invalidCatalog: 422
        case .storeUnavailable: 503
        case .invalidURL: 500
        case .spoolFull, .spoolUnavailable: 503
        }
    }

    public var message: String {
        switch self {
        case .tooManyRecords(let limit): "a request may carry at most \(limit) records"
        case .malformedBatch: "the body must be a JSON array of objects or newline-delimited JSON objects"
        case .invalidCatalog(let reason): "invalid supply catalog: \(reason)"
        case .storeUnavailable: "the analytics store is unavailable"
        case .invalidURL(let reason): "SWITCHBOARD_ANALYTICS_URL: \(reason)"
        case .spoolFull: "the analytics store is unavailable and its spool is full; retry later"
        case .spoolUnavailable: "the analytics store is unavailable and its spool cannot be written"
        }
    }
}
