public import SwitchboardCore

// `let user: UserID = "alice"` in tests; production code always validates explicitly.
extension Identifier: ExpressibleByStringLiteral, ExpressibleByUnicodeScalarLiteral,
    ExpressibleByExtendedGraphemeClusterLiteral
{
    public init(stringLiteral value: String) {
        try! self.init(validating: value)
    }
}
