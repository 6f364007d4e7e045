/// Input that breaks a documented rule; answered 422 with the offending field. The code is
/// `VALIDATION_FAILED` unless a more specific one is given (`WEAK_PASSWORD`).
public struct ValidationFailure: SwitchboardError, Hashable, CustomStringConvertible {
    public var field: String
    public var message: String
    public var code: String
    public var httpStatus: Int { 422 }

    public init(field: String, _ message: String, code: String = "VALIDATION_FAILED") {
        self.field = field
        self.message = message
        self.code = code
    }

    public var description: String { "\(field): \(message)" }
}
