// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// The server's release binary is linked by lld with packed relative relocations (DT_RELR, glibc
// 2.36+) and without exporting every Swift symbol of our own modules (the static standard
// library's link arguments ask for `-export-dynamic`; nothing looks our symbols up at run time).
// The dynamic symbol table and 3.7 MB of relocations were read at every start and stayed
// resident: 43.0 → 36.7 MiB RSS at an idle start (bench/RESULTS.md).
let serverLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(
        ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
        .when(configuration: .release)
    )
]

// `switchboard --version` prints the version and commit given at build time
// (`SWITCHBOARD_BUILD_VERSION`, `SWITCHBOARD_BUILD_COMMIT`; scripts/container-test sets them), or
// `dev`. Only characters that are safe inside a C string literal are kept.
func buildInfoLiteral(_ name: String, default fallback: String) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-+_")
    let text = String((Context.environment[name] ?? fallback).filter { allowed.contains($0) }.prefix(64))
    return "\"" + text + "\""
}

let package = Package(
    name: "switchboard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "switchboard", targets: ["switchboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
    ],
    targets: [
        // The version and commit baked in at build time (a C target: Swift defines carry no value).
        .target(
            name: "SwitchboardBuildInfo",
            cSettings: [
                .define("SWITCHBOARD_BUILD_VERSION", to: buildInfoLiteral("SWITCHBOARD_BUILD_VERSION", default: "dev")),
                .define("SWITCHBOARD_BUILD_COMMIT", to: buildInfoLiteral("SWITCHBOARD_BUILD_COMMIT", default: "")),
            ]
        ),
        // sqlite3_db_config for SwitchboardStorage (a C target: Swift imports no variadic C function).
        .target(
            name: "SwitchboardSQLiteOptions",
            dependencies: [.product(name: "SQLiteNIO", package: "sqlite-nio")]
        ),
        // Wire types only: depends on nothing beyond Foundation.
        .target(name: "SwitchboardProtocol", swiftSettings: swiftSettings),
        .target(
            name: "SwitchboardCore",
            dependencies: ["SwitchboardProtocol"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardObservability",
            dependencies: [
                "SwitchboardCore",
                "SwitchboardProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardAuth",
            dependencies: [
                "SwitchboardCore",
                "SwitchboardProtocol",
                // Auth owns the `auth` namespace through the shared storage API (docs/architecture.md).
                "SwitchboardStorage",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardEvents",
            dependencies: [
                "SwitchboardCore",
                "SwitchboardProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardStorage",
            dependencies: [
                "SwitchboardCore",
                "SwitchboardProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                "SwitchboardSQLiteOptions",
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardAnalytics",
            dependencies: [
                "SwitchboardCore",
                "SwitchboardProtocol",
                "SwitchboardStorage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardAgents",
            dependencies: [
                "SwitchboardAnalytics",
                "SwitchboardCore",
                "SwitchboardProtocol",
                "SwitchboardStorage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                // The model providers speak HTTP themselves (no vendor SDKs).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SwitchboardServer",
            dependencies: [
                "SwitchboardAgents",
                "SwitchboardAnalytics",
                "SwitchboardCore",
                "SwitchboardProtocol",
                "SwitchboardEvents",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                "SwitchboardAuth",
                "SwitchboardObservability",
                "SwitchboardStorage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                "SwitchboardStartup",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                "SwitchboardWebAssets",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "switchboard",
            dependencies: [
                "SwitchboardCore",
                "SwitchboardProtocol",
                "SwitchboardAnalytics",
                "SwitchboardAuth",
                "SwitchboardServer",
                "SwitchboardObservability",
                "SwitchboardStorage",
                "SwitchboardBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                "SwitchboardStartup",
            ],
            swiftSettings: swiftSettings,
            linkerSettings: serverLinkerSettings
        ),
        // Helpers shared by tests: a live server on port 0, a recording WebSocket client,
        // token minting. Helpers around the real components, never fakes of them.
        .target(
            name: "SwitchboardTesting",
            dependencies: [
                "SwitchboardAgents",
                "SwitchboardCore",
                "SwitchboardStorage",
                "SwitchboardProtocol",
                "SwitchboardAuth",
                "SwitchboardServer",
                "SwitchboardObservability",
                "SwitchboardStartup",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardAgentsTests",
            dependencies: [
                "SwitchboardAgents",
                "SwitchboardAnalytics",
                "SwitchboardCore",
                "SwitchboardProtocol",
                "SwitchboardStorage",
                "SwitchboardTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // The stub model server of the fault tests: real sockets on loopback.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardProtocolTests",
            dependencies: ["SwitchboardProtocol"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardCoreTests",
            dependencies: ["SwitchboardCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardObservabilityTests",
            dependencies: [
                "SwitchboardObservability",
                "SwitchboardCore",
                "SwitchboardTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardAuthTests",
            dependencies: [
                "SwitchboardAuth",
                "SwitchboardCore",
                "SwitchboardStorage",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardEventsTests",
            dependencies: [
                "SwitchboardEvents",
                "SwitchboardCore",
                "SwitchboardProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardAnalyticsTests",
            dependencies: [
                "SwitchboardAnalytics",
                "SwitchboardCore",
                "SwitchboardProtocol",
                "SwitchboardStorage",
                "SwitchboardTesting",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardStorageTests",
            dependencies: [
                "SwitchboardStorage",
                // Only for the auth and analytics namespaces' expected lines in the migrate/schema check command tests.
                "SwitchboardAuth",
                "SwitchboardAnalytics",
                "SwitchboardTesting",
                "SwitchboardCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardServerTests",
            dependencies: [
                "SwitchboardAgents",
                "SwitchboardServer",
                "SwitchboardAnalytics",
                "SwitchboardTesting",
                "SwitchboardCore",
                "SwitchboardProtocol",
                "SwitchboardAuth",
                "SwitchboardEvents",
                "SwitchboardStorage",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                "SwitchboardStartup",
                "SwitchboardObservability",
            ],
            swiftSettings: swiftSettings
        ),
        // The declarative startup graph: nodes, validation, the runner and its report (issue 8).
        .target(
            name: "SwitchboardStartup",
            dependencies: [
                "SwitchboardCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SwitchboardStartupTests",
            dependencies: [
                "SwitchboardStartup",
                "SwitchboardCore",
                "SwitchboardObservability",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// `switchboard-load` (issue #9): a multi-user load and isolation checker. The checker and its
// statistics are a pure library so they can be tested on recorded streams without a network.
package.products.append(.executable(name: "switchboard-load", targets: ["switchboard-load"]))
package.targets.append(contentsOf: [
    .target(
        name: "SwitchboardLoad",
        dependencies: ["SwitchboardProtocol"],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "switchboard-load",
        dependencies: [
            "SwitchboardLoad",
            "SwitchboardProtocol",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "SwitchboardLoadTests",
        dependencies: [
            "SwitchboardLoad",
            "SwitchboardProtocol",
            "SwitchboardTesting",
            "SwitchboardCore",
        ],
        swiftSettings: swiftSettings
    ),
])

// The web app (issue #17): its HTML, CSS and ES modules embedded in the binary as byte arrays
// (no Bundle lookup, so a `--static-swift-stdlib` build carries them too). A target of its own so
// that editing a page recompiles only this generated code. Every file is listed: a directory rule
// would not say which files ship.
let webAssetFiles = [
    "index.html", "app.css",
    "app.js", "dom.js", "format.js", "api.js", "ws.js", "badge.js", "router.js",
    "auth-view.js", "threads-view.js", "chat-view.js", "timeline.js", "markdown.js",
    "charts.js", "report-view.js", "usage-view.js", "demo-usage.js", "run-replay.js",
]
package.targets.append(
    .target(
        name: "SwitchboardWebAssets",
        resources: webAssetFiles.map { .embedInCode("Assets/\($0)") },
        swiftSettings: swiftSettings
    )
)
