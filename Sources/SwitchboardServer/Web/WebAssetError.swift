/// Why the embedded web app could not be assembled: a packaging mistake, found at startup and
/// by the tests, never by a visitor.
public enum WebAssetError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingIndex
    case notUTF8(String)
    case cycle([String])

    public var description: String {
        switch self {
        case .missingIndex: "the web app has no index.html"
        case .notUTF8(let name): "web asset \(name) is not UTF-8"
        case .cycle(let names): "web assets import each other in a cycle: \(names.joined(separator: " → "))"
        }
    }
}
