import Hummingbird
import Logging
import SwitchboardWebAssets

extension SwitchboardServer {
    /// The page's files as built into this binary.
    public static var embeddedWebAssets: [(name: String, bytes: [UInt8])] { WebAssets.files }

    /// The embedded web app, assembled once per router. A packaging mistake (tested in CI) costs
    /// the page, never the API: it is logged and `/` stays unrouted.
    func registerWebApp(on router: Router<SwitchboardRequestContext>) {
        do {
            WebRoutes(catalog: try WebAssetCatalog(files: Self.embeddedWebAssets)).register(on: router)
        } catch {
            logger.error("web app not served", metadata: ["error": "\(error)"])
        }
    }
}
