// swift-tools-version:6.1
import PackageDescription

// Layers (README "Design map", docs/architecture.md): pure cores first, I/O at the edges.
//   TextFolding     pure: case- and diacritic-insensitive folding (no Foundation)
//   TerminalUI      pure: cells, buffer, widgets, keys           (no Foundation)
//   GPCNCore        pure: API models, errors, validation, jobs    (Foundation for JSON/Date only)
//   GPCNApp         the application layer under every front end: create form, submitter,
//                   job follower (pure where it can be; docs/architecture.md)
//   GPCNConsole     pure: wizard + dashboard state machines and views
//   GPCNClient      AsyncHTTPClient behind the GPCNAPI protocol
//   GPCNSimulator   Hummingbird server speaking the GPCN API
//   GPCNThemes      theme files (TOML) -> TerminalUI palettes; where themes are found
//   TerminalNcurses the only code that calls ncurses
//   GPCNRuntime     the event loop: keys, timers, API answers in; effects out
//   gpcn            the command line
let package = Package(
    name: "gpcn",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gpcn", targets: ["gpcn"]),
        .executable(name: "gpcn-bench", targets: ["gpcn-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        // Already under async-http-client and hummingbird; named here for trust roots (GPCNClient)
        // and the simulator's --tls-cert (GPCNSimulator).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // Case- and diacritic-insensitive folding, shared by list filters and name lookup.
        .target(name: "TextFolding"),
        .target(name: "TerminalUI", dependencies: ["TextFolding"]),
        .target(name: "GPCNCore", dependencies: ["TextFolding"]),
        .target(name: "GPCNApp", dependencies: ["GPCNCore"]),
        .target(name: "GPCNConsole", dependencies: ["TerminalUI", "GPCNCore", "GPCNApp"]),
        .target(name: "GPCNClient", dependencies: [
            "GPCNCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        .target(name: "GPCNSimulator", dependencies: [
            "GPCNCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // The crash handler that restores the terminal (async-signal-safe C, no ncurses).
        .target(name: "CTermGuard"),
        // One malloc arena for gpcn's few threads (docs/performance.md, "Resident memory").
        .target(name: "CMallocTuning"),
        .target(name: "TerminalNcurses", dependencies: ["TerminalUI", "CNcursesw", "CTermGuard"]),
        .target(name: "GPCNThemes", dependencies: ["TerminalUI", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(name: "GPCNRuntime", dependencies: [
            "TerminalUI", "GPCNCore", "GPCNApp", "GPCNConsole",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "gpcn", dependencies: [
            "GPCNCore", "GPCNApp", "GPCNConsole", "GPCNClient", "GPCNSimulator", "GPCNRuntime",
            "TerminalNcurses", "TerminalUI", "GPCNThemes", "CMallocTuning",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // Benchmarks print figures; they are built by CI but never run as timed tests.
        // It runs the real gpcn binary as a child process; GPCNSimulator is linked only to count
        // requests at an embedded server (no client library: a tiny socket client is enough).
        .executableTarget(name: "gpcn-bench", dependencies: ["GPCNConsole", "GPCNApp", "GPCNClient", "GPCNCore", "GPCNSimulator", "TerminalUI"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "TextFolding"]),
        .testTarget(name: "GPCNCoreTests", dependencies: ["GPCNCore", "GPCNApp"], exclude: ["Fixtures"]),
        .testTarget(name: "GPCNAppTests", dependencies: ["GPCNApp", "GPCNCore"]),
        .testTarget(name: "GPCNConsoleTests", dependencies: ["GPCNConsole", "GPCNApp", "GPCNCore", "TerminalUI"],
                    exclude: ["__Snapshots__"]),
        .testTarget(name: "GPCNIntegrationTests", dependencies: [
            "GPCNCore", "GPCNApp", "GPCNClient", "GPCNSimulator", "GPCNRuntime", "GPCNConsole", "gpcn",
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "GPCNSimulatorTests", dependencies: [
            "GPCNSimulator", "GPCNCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
        ]),
        .testTarget(name: "GPCNThemesTests", dependencies: ["GPCNThemes", "TerminalUI"]),
        .testTarget(name: "TerminalNcursesTests", dependencies: ["TerminalNcurses", "TerminalUI", "CNcursesw"]),
    ]
)
