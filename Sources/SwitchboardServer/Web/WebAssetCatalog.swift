import Foundation

/// The web app ready to serve, computed once from the embedded files: every asset but
/// `index.html` is named by the hash of its content, and every reference between files
/// (`from "./api.js"` in a module, `/assets/app.css` in the page) is rewritten to the hashed name
/// first — so a module's hash covers what it imports, and a changed file changes the name of
/// everything that leads to it. Long caching is then safe: a name never means two contents.
///
/// ```swift
/// let catalog = try WebAssetCatalog(files: SwitchboardServer.embeddedWebAssets)
/// catalog.index.bytes                              // index.html, naming /assets/app.<hash>.js
/// catalog.asset(named: "app.0123456789abcdef.js")  // that module, or nil for any other name
/// ```
public struct WebAssetCatalog: Sendable {
    public static let indexName = "index.html"
    public let index: WebAsset
    /// Hashed assets by served name.
    public let assets: [String: WebAsset]

    public init(files: [(name: String, bytes: [UInt8])]) throws(WebAssetError) {
        var sources: [String: String] = [:]
        for file in files {
            guard let text = String(validating: file.bytes, as: UTF8.self) else { throw .notUTF8(file.name) }
            sources[file.name] = text
        }
        guard sources[Self.indexName] != nil else { throw .missingIndex }
        var builder = Builder(sources: sources)
        for name in sources.keys.sorted() { try builder.build(name, path: []) }
        guard let index = builder.built[Self.indexName] else { throw .missingIndex }
        self.index = index
        var assets: [String: WebAsset] = [:]
        for asset in builder.built.values where asset.sourceName != Self.indexName {
            assets[asset.servedName] = asset
        }
        self.assets = assets
    }

    public func asset(named servedName: String) -> WebAsset? { assets[servedName] }

    /// Builds each file after the files it refers to (depth first), refusing cycles: a cycle has
    /// no content hash that could name it.
    struct Builder {
        let sources: [String: String]
        var built: [String: WebAsset] = [:]

        mutating func build(_ name: String, path: [String]) throws(WebAssetError) {
            if built[name] != nil { return }
            guard !path.contains(name) else { throw .cycle(path + [name]) }
            guard var text = sources[name] else { return }
            for other in sources.keys.sorted() where other != name && other != WebAssetCatalog.indexName {
                let references = ["\"./\(other)\"", "\"/assets/\(other)\""]
                guard references.contains(where: { text.contains($0) }) else { continue }
                try build(other, path: path + [name])
                guard let served = built[other]?.servedName else { continue }
                text = text.replacingOccurrences(of: "\"./\(other)\"", with: "\"./\(served)\"")
                    .replacingOccurrences(of: "\"/assets/\(other)\"", with: "\"/assets/\(served)\"")
            }
            built[name] = WebAsset(sourceName: name, bytes: Data(text.utf8), hashed: name != WebAssetCatalog.indexName)
        }
    }
}
