import SwitchboardBuildInfo

/// What `switchboard --version` prints: the version and commit baked in at build time
/// (`SWITCHBOARD_BUILD_VERSION=1.2.0 SWITCHBOARD_BUILD_COMMIT=$(git rev-parse --short HEAD) swift build …`),
/// or `dev` for a build made without them, such as `swift run`.
enum BuildInfo {
    static let version = String(cString: switchboard_build_version())
    static let commit = String(cString: switchboard_build_commit())

    /// `1.2.0 (commit 6296235)`, or the version alone when no commit was given.
    static var text: String {
        commit.isEmpty ? version : "\(version) (commit \(commit))"
    }
}
