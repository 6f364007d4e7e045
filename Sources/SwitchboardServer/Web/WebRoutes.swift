import Foundation
import HTTPTypes
public import Hummingbird
import NIOCore

/// The web app at `/` (issue #17): `GET /` answers `index.html`, revalidated on every load
/// (`no-cache` with an ETag), and `GET /assets/<name>.<hash>.<ext>` the hashed files, cached for a
/// year as immutable. Every answer carries the strict Content-Security-Policy: scripts and
/// styles from this origin only, no inline script, WebSockets to this host, no framing.
/// Off with `--no-web` / `SWITCHBOARD_WEB=false`.
public struct WebRoutes: Sendable {
    public static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'self' ws: wss:", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")
    public static let immutableCaching = "public, max-age=31536000, immutable"
    public static let revalidate = "no-cache"

    let catalog: WebAssetCatalog
    /// Bodies made once: a response shares the buffer instead of copying the file.
    let bodies: [String: ByteBuffer]
    let indexBody: ByteBuffer

    public init(catalog: WebAssetCatalog) {
        self.catalog = catalog
        bodies = catalog.assets.mapValues { ByteBuffer(bytes: $0.bytes) }
        indexBody = ByteBuffer(bytes: catalog.index.bytes)
    }

    public func register(on router: Router<SwitchboardRequestContext>) {
        let routes = self
        router.get("/") { request, _ -> Response in
            routes.answer(routes.catalog.index, body: routes.indexBody, caching: Self.revalidate, request: request)
        }
        router.get("/assets/:name") { request, context -> Response in
            guard let name = context.parameters.get("name"), let asset = routes.catalog.asset(named: name),
                let body = routes.bodies[name]
            else { throw HTTPError(.notFound) }
            return routes.answer(asset, body: body, caching: Self.immutableCaching, request: request)
        }
    }

    func answer(_ asset: WebAsset, body: ByteBuffer, caching: String, request: Request) -> Response {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "no-referrer"
        headers[.cacheControl] = caching
        let etag = "\"\(asset.hash)\""
        headers[.eTag] = etag
        if request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) == true {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
