import Crypto
import Foundation
import SwitchboardCore
import SwitchboardServer
import SwitchboardTesting
import Testing

/// The web app served at `/` (issue #17) by a real server on loopback: headers, hashed names
/// that match their content, every module reachable from the page, and `SWITCHBOARD_WEB=false`.
@Suite("Web app: static serving")
struct WebAppTests {
    static let csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    static func sha256Prefix(_ text: String) -> String {
        String(SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined().prefix(16))
    }

    /// `"/assets/x.<hash>.js"` and `"./x.<hash>.js"` references in a file.
    static func references(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #""(?:/assets/|\./)([A-Za-z0-9_-]+\.[0-9a-f]{16}\.(?:js|css))""#)
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test("GET / is index.html: strict CSP, no-cache with an ETag, no inline script, hashed asset names")
    func index() async throws {
        try await TestServer.with { server in
            let page = try await HTTP.get(port: server.port, path: "/")
            #expect(page.status == 200)
            #expect(page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.headers["content-security-policy"] == Self.csp)
            #expect(page.headers["cache-control"] == "no-cache")
            #expect(page.headers["x-content-type-options"] == "nosniff")
            #expect(page.headers["referrer-policy"] == "no-referrer")
            let etag = try #require(page.headers["etag"])
            #expect(etag == "\"\(Self.sha256Prefix(page.body))\"")
            // Every <script> loads a file of this origin: none has a body, none an inline handler.
            let scripts = page.body.components(separatedBy: "<script").dropFirst()
            #expect(scripts.count == 1)
            #expect(scripts.allSatisfy { $0.hasPrefix(" type=\"module\" src=\"/assets/app.") && $0.contains("></script>") })
            #expect(!page.body.contains(" onload=") && !page.body.contains(" onclick=") && !page.body.contains(" style="))
            let referenced = Self.references(in: page.body)
            #expect(Set(referenced.map { $0.split(separator: ".").first.map(String.init) ?? "" }) == ["app"])
            #expect(referenced.count == 2)  // app.<hash>.css and app.<hash>.js

            let again = try await HTTP.get(port: server.port, path: "/", headers: ["If-None-Match": etag])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
        }
    }

    @Test("every module reachable from the page is served immutable under the hash of its own bytes; no unhashed import is left")
    func hashedAssets() async throws {
        try await TestServer.with { server in
            let page = try await HTTP.get(port: server.port, path: "/")
            var pending = Self.references(in: page.body)
            var seen: Set<String> = []
            while let name = pending.popLast() {
                guard seen.insert(name).inserted else { continue }
                let asset = try await HTTP.get(port: server.port, path: "/assets/\(name)")
                #expect(asset.status == 200, "\(name)")
                let hash = name.split(separator: ".").dropFirst().first.map(String.init)
                #expect(hash == Self.sha256Prefix(asset.body), "\(name) is not named by its content")
                #expect(asset.headers["cache-control"] == "public, max-age=31536000, immutable")
                #expect(asset.headers["content-security-policy"] == Self.csp)
                #expect(asset.headers["content-type"] == (name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8"))
                // A relative import that was not rewritten would be fetched unhashed, and cached wrongly.
                #expect(asset.body.components(separatedBy: "\"./").count - 1 == Self.references(in: asset.body).count, "\(name)")
                #expect(!asset.body.contains("innerHTML") && !asset.body.contains("insertAdjacentHTML") && !asset.body.contains("document.write"), "\(name) writes HTML")
                pending += Self.references(in: asset.body)
            }
            // Every embedded module is reachable from the page (none shipped for nothing).
            let files = Set(Self.assetFolderFiles().filter { $0 != "index.html" })
            #expect(Set(seen.map { String($0.split(separator: ".")[0]) + "." + String($0.split(separator: ".").last!) }) == files)

            #expect(try await HTTP.get(port: server.port, path: "/assets/app.js").status == 404)
            #expect(try await HTTP.get(port: server.port, path: "/assets/app.0000000000000000.js").status == 404)
        }
    }

    @Test("SWITCHBOARD_WEB=false serves no page and no assets; the API is unchanged")
    func disabled() async throws {
        try await TestServer.with(configure: { $0.webEnabled = false }) { server in
            #expect(try await HTTP.get(port: server.port, path: "/").status == 404)
            let page = try await HTTP.get(port: server.port, path: "/assets/app.css")
            #expect(page.status == 404)
            #expect(try await HTTP.get(port: server.port, path: "/health/live").status == 200)
            let token = try await server.token(for: "alice")
            #expect(try await HTTP.send("GET", port: server.port, path: "/api/threads", token: token).status == 200)
        }
    }

    @Test("serve serves the page; serve --no-web and SWITCHBOARD_WEB=false do not (the built binary)")
    func commandLine() async throws {
        let cases: [([String], [String: String], Int)] = [
            ([], [:], 200), (["--no-web"], [:], 404), ([], ["SWITCHBOARD_WEB": "false"], 404),
        ]
        for (arguments, environment, expected) in cases {
            let directory = CommandLineTests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let serve = try await ServeProcess.start(
                arguments, environment: environment.merging(["SWITCHBOARD_DATA_DIR": directory]) { $1 })
            let page = try? await HTTP.get(port: serve.port, path: "/")
            let live = try? await HTTP.get(port: serve.port, path: "/health/live")
            #expect(await serve.stop() == 0)
            #expect(page?.status == expected, "\(arguments) \(environment)")
            #expect(live?.status == 200)
        }
    }

    @Test("the embedded list is exactly the Assets folder")
    func embeddedListMatchesFolder() throws {
        let catalog = try WebAssetCatalog(files: SwitchboardServer.embeddedWebAssets)
        let served = Set(catalog.assets.values.map(\.sourceName) + [catalog.index.sourceName])
        #expect(served == Set(Self.assetFolderFiles()))
    }

    static func assetFolderFiles() -> [String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/SwitchboardWebAssets/Assets")
        return (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    }
}
