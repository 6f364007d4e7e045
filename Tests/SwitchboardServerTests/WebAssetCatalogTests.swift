import Foundation
import SwitchboardServer
import Testing

/// How the catalog names and rewrites files, on small made-up pages.
@Suite("Web app: asset catalog")
struct WebAssetCatalogTests {
    static func files(_ pairs: [String: String]) -> [(name: String, bytes: [UInt8])] {
        pairs.sorted { $0.key < $1.key }.map { ($0.key, Array($0.value.utf8)) }
    }

    static let page = #"<link href="/assets/app.css"><script type="module" src="/assets/app.js"></script>"#

    @Test("references are rewritten to hashed names; index.html keeps its name")
    func rewrites() throws {
        let catalog = try WebAssetCatalog(files: Self.files([
            "index.html": Self.page, "app.css": "body{}", "app.js": #"import { a } from "./a.js";"#, "a.js": "export const a = 1;",
        ]))
        let a = try #require(catalog.assets.values.first { $0.sourceName == "a.js" })
        let app = try #require(catalog.assets.values.first { $0.sourceName == "app.js" })
        let css = try #require(catalog.assets.values.first { $0.sourceName == "app.css" })
        #expect(a.servedName == "a.\(a.hash).js")
        #expect(String(decoding: app.bytes, as: UTF8.self) == #"import { a } from "./a.\#(a.hash).js";"#)
        #expect(catalog.index.servedName == "index.html")
        let index = String(decoding: catalog.index.bytes, as: UTF8.self)
        #expect(index.contains("/assets/\(app.servedName)") && index.contains("/assets/\(css.servedName)"))
        #expect(catalog.asset(named: "app.js") == nil)
    }

    @Test("changing a module renames every module that imports it, and the page")
    func changesPropagate() throws {
        let before = try WebAssetCatalog(files: Self.files([
            "index.html": Self.page, "app.css": "", "app.js": #"import "./a.js";"#, "a.js": #"import "./b.js";"#, "b.js": "1",
            "c.js": "untouched",
        ]))
        let after = try WebAssetCatalog(files: Self.files([
            "index.html": Self.page, "app.css": "", "app.js": #"import "./a.js";"#, "a.js": #"import "./b.js";"#, "b.js": "2",
            "c.js": "untouched",
        ]))
        func name(_ catalog: WebAssetCatalog, _ source: String) -> String? {
            catalog.assets.values.first { $0.sourceName == source }?.servedName
        }
        for changed in ["b.js", "a.js", "app.js"] { #expect(name(before, changed) != name(after, changed)) }
        #expect(name(before, "c.js") == name(after, "c.js"))
        #expect(name(before, "app.css") == name(after, "app.css"))
        #expect(before.index.hash != after.index.hash)
    }

    @Test("a cycle, a missing index.html and bytes that are not UTF-8 are refused")
    func refusals() {
        #expect(throws: WebAssetError.cycle(["a.js", "b.js", "a.js"])) {
            try WebAssetCatalog(files: Self.files(["index.html": "", "a.js": #"import "./b.js";"#, "b.js": #"import "./a.js";"#]))
        }
        #expect(throws: WebAssetError.missingIndex) { try WebAssetCatalog(files: Self.files(["a.js": ""])) }
        #expect(throws: WebAssetError.notUTF8("x.js")) {
            try WebAssetCatalog(files: Self.files(["index.html": ""]) + [("x.js", [0xFF, 0xFE])])
        }
    }
}
