public import SwitchboardCore

/// A request body the API cannot read.
public enum RequestBodyError: SwitchboardError, Hashable {
    case malformedJSON
    case tooLarge(limit: Int)

    public var code: String {
        switch self {
        case .malformedJSON: "MALFORMED_JSON"
        case .tooLarge: "PAYLOAD_TOO_LARGE"
        }
    }

    public var httpStatus: Int {
        switch self {
        case .malformedJSON: 400
        case .tooLarge: 413
        }
    }

    public var message: String {
        switch self {
        case .malformedJSON: "the body must be a JSON object"
        case .tooLarge(let limit): "the body must be at most \(limit) bytes"
        }
    }
}

/// A resource that does not exist for this caller (also answered for other users' ids).
public struct NotFound: SwitchboardError, Hashable {
    public var resource: String
    public var code: String { "NOT_FOUND" }
    public var httpStatus: Int { 404 }
    public var message: String { "\(resource) not found" }

    public init(_ resource: String) { self.resource = resource }
}

/// The request conflicts with the resource's state (e.g. writing to an archived thread).
public struct Conflict: SwitchboardError, Hashable {
    public var code: String
    public var message: String
    public var httpStatus: Int { 409 }

    public init(code: String, _ message: String) {
        self.code = code
        self.message = message
    }
}
