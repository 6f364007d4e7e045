/// The web app's files as SwiftPM embedded them at build time (`.embedInCode` in Package.swift):
/// the names the page refers to each other by, and their bytes. The server hashes and serves
/// them (`WebAssetCatalog` in SwitchboardServer); nothing here reads the file system.
///
/// ```swift
/// let index = WebAssets.files.first { $0.name == "index.html" }
/// ```
public enum WebAssets {
    /// Every file of the page, in no particular order. A file added to `Assets/` must be listed
    /// here and in Package.swift's `webAssetFiles` (a test compares this list with the folder).
    public static let files: [(name: String, bytes: [UInt8])] = [
        ("index.html", PackageResources.index_html),
        ("app.css", PackageResources.app_css),
        ("app.js", PackageResources.app_js),
        ("dom.js", PackageResources.dom_js),
        ("format.js", PackageResources.format_js),
        ("api.js", PackageResources.api_js),
        ("ws.js", PackageResources.ws_js),
        ("badge.js", PackageResources.badge_js),
        ("router.js", PackageResources.router_js),
        ("auth-view.js", PackageResources.auth_view_js),
        ("threads-view.js", PackageResources.threads_view_js),
        ("chat-view.js", PackageResources.chat_view_js),
        ("timeline.js", PackageResources.timeline_js),
        ("markdown.js", PackageResources.markdown_js),
        ("charts.js", PackageResources.charts_js),
        ("report-view.js", PackageResources.report_view_js),
        ("usage-view.js", PackageResources.usage_view_js),
        ("demo-usage.js", PackageResources.demo_usage_js),
        ("run-replay.js", PackageResources.run_replay_js),
    ]
}
