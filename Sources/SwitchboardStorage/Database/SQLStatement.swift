/// SQL text with `$1`, `$2`, … placeholders and the values bound to them. User input only
/// ever travels as a binding, never as part of the text.
///
/// ```swift
/// let statement = SQLStatement("SELECT id FROM threads WHERE user_id = $1 LIMIT $2", [.text(user), .integer(20)])
/// ```
public struct SQLStatement: Sendable, Hashable {
    public var text: String
    public var bindings: [SQLValue]

    public init(_ text: String, _ bindings: [SQLValue] = []) {
        self.text = text
        self.bindings = bindings
    }
}
