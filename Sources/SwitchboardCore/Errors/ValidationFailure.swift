/// Input that breaks a documented rule; answered 422 with the offending field.
public struct ValidationFailure: SwitchboardError, Hashable, CustomStringConvertible {
    public var field: String
    public var message: String
    public var code: String { "VALIDATION_FAILED" }
    public var httpStatus: Int { 422 }

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
