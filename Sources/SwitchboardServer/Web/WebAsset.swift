import Crypto
public import Foundation

/// One file of the web app as it is served: its final bytes (references to other assets already
/// rewritten to their hashed names), its content type and the content hash that names it.
public struct WebAsset: Sendable, Hashable {
    /// The name the page's sources use (`app.js`).
    public let sourceName: String
    /// The name it is served under: `app.<hash>.js`; `index.html` keeps its own name.
    public let servedName: String
    public let bytes: Data
    public let contentType: String
    /// The first 16 hex digits of the SHA-256 of `bytes`.
    public let hash: String

    init(sourceName: String, bytes: Data, hashed: Bool) {
        self.sourceName = sourceName
        self.bytes = bytes
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        hash = String(digest.prefix(16))
        servedName = hashed ? Self.hashedName(sourceName, hash: hash) : sourceName
        contentType = Self.contentType(of: sourceName)
    }

    /// `app.js` + `ab12…` → `app.ab12….js`.
    static func hashedName(_ name: String, hash: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return name + "." + hash }
        return String(name[..<dot]) + "." + hash + String(name[dot...])
    }

    static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json": "application/json"
        default: "application/octet-stream"
        }
    }
}
