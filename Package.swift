// swift-tools-version: 6.2
import PackageDescription

// The release build is the one the tests run on (the data-set tests train real models), and
// `swift build -c release --build-tests` must produce what `swift test --skip-build` runs:
// so the modules that tests import with @testable are compiled for testing in release too.
let testable: [SwiftSetting] = [.unsafeFlags(["-enable-testing"], .when(configuration: .release))]

let package = Package(
    name: "Frontline",
    // macOS 15: the standard library's `Synchronization.Mutex`, the one lock the code uses (Linux has it with Swift 6).
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "frontline", targets: ["frontline"]),
        .library(name: "FrontlineML", targets: ["FrontlineML"]),
        .library(name: "FrontlineData", targets: ["FrontlineData"]),
        .library(name: "FrontlineEngine", targets: ["FrontlineEngine"]),
        .library(name: "FrontlineStore", targets: ["FrontlineStore"]),
        .library(name: "FrontlineServer", targets: ["FrontlineServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // OpenBLAS's CBLAS interface (Debian: libopenblas-dev).
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "FrontlineML",
            dependencies: ["CBLAS"],
            swiftSettings: testable
        ),
        .target(
            name: "FrontlineData",
            dependencies: ["FrontlineML", .product(name: "Yams", package: "Yams")],
            swiftSettings: testable
        ),
        .target(
            name: "FrontlineEngine",
            dependencies: [
                "FrontlineML", "FrontlineData",
            ],
            swiftSettings: testable
        ),
        // HTTP actions against the back office (order status and the like), wired in by the
        // assistant: the engine sees only the `ActionRunner` protocol, no HTTP or NIO.
        .target(
            name: "FrontlineActions",
            dependencies: [
                "FrontlineEngine", "FrontlineData",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "FrontlineStore",
            dependencies: ["FrontlineEngine", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The same storage protocols on PostgreSQL: several replicas on one database.
        .target(
            name: "FrontlinePostgres",
            dependencies: [
                "FrontlineEngine",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Loads an assistant (domain, model, store, engine) for the chat REPL and the server.
        .target(
            name: "FrontlineAssistant",
            dependencies: ["FrontlineML", "FrontlineData", "FrontlineEngine", "FrontlineActions", "FrontlineStore", "FrontlinePostgres", "FrontlineLearning"]
        ),
        // The default assistant's fake order service (a real HTTP endpoint on loopback).
        .target(
            name: "FrontlineDemo",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Learning from agents' outcomes: harvesting, fixed holdout, retraining, promotion.
        .target(
            name: "FrontlineLearning",
            dependencies: ["FrontlineML", "FrontlineEngine"]
        ),
        // The HTTP server (`frontline serve`): a thin layer over the engine.
        .target(
            name: "FrontlineServer",
            dependencies: [
                "FrontlineAssistant", "FrontlineData", "FrontlineEngine", "FrontlineStore", "FrontlinePostgres", "FrontlineInsights",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Yams", package: "Yams"),
                // HMAC-SHA256 for the web chat's session tokens.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The web chat widget and the agents' desk: plain HTML, CSS and JavaScript.
            resources: [.copy("Web")],
            swiftSettings: testable
        ),
        // Durable messages per second with 1 and 64 concurrent writers (Scripts/bench/store.sh).
        .executableTarget(
            name: "bench-store",
            dependencies: ["FrontlineStore", "FrontlineEngine"],
            path: "Scripts/bench/StoreBench"
        ),
        // Generates the conversation report's benchmark database (Scripts/bench/report.sh).
        .executableTarget(
            name: "bench-report",
            dependencies: ["FrontlineStore", "FrontlineEngine", "FrontlineInsights", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Scripts/bench/ReportBench"
        ),
        // HTML and SVG rendering of evaluation reports (report.html, compare.html).
        .target(name: "FrontlineReport", dependencies: ["FrontlineML"], swiftSettings: testable),
        // The conversation report (conversations.json / .html) from a store's facts.
        .target(name: "FrontlineInsights", dependencies: ["FrontlineEngine", "FrontlineML", "FrontlineReport"]),
        .executableTarget(
            name: "frontline",
            dependencies: [
                "FrontlineML", "FrontlineData", "FrontlineEngine", "FrontlineStore", "FrontlineAssistant", "FrontlineDemo", "FrontlineLearning",
                "FrontlineReport", "FrontlineServer", "FrontlineInsights", "FrontlinePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Starts and stops a throwaway PostgreSQL cluster for the tests (Debian's postgresql).
        .target(name: "PostgresTestCluster", path: "Tests/Support/PostgresTestCluster"),
        // The storage protocol in memory, for tests that need no durability.
        .target(name: "FrontlineTestSupport", dependencies: ["FrontlineEngine"], path: "Tests/Support/FrontlineTestSupport"),
        // Temporary folders and the ../shared/datasets locator, for every test target (Foundation only).
        .target(name: "FrontlineTestFiles", path: "Tests/Support/FrontlineTestFiles"),
        .testTarget(name: "FrontlineMLTests", dependencies: ["FrontlineML", "FrontlineTestFiles"]),
        .testTarget(name: "FrontlineReportTests", dependencies: ["FrontlineReport", "FrontlineML"]),
        .testTarget(name: "FrontlineInsightsTests", dependencies: ["FrontlineInsights", "FrontlineEngine", "FrontlineStore", "FrontlineTestFiles"]),
        .testTarget(name: "FrontlineDataTests", dependencies: ["FrontlineData", "FrontlineTestFiles"]),
        .testTarget(name: "FrontlineAssistantTests", dependencies: ["FrontlineAssistant", "FrontlineEngine", "FrontlineData", "FrontlineLearning", "FrontlineTestFiles"]),
        .testTarget(name: "FrontlineLearningTests", dependencies: ["FrontlineLearning", "FrontlineEngine", "FrontlineML", "FrontlineTestFiles"]),
        .testTarget(name: "FrontlineEngineTests", dependencies: ["FrontlineEngine", "FrontlineActions", "FrontlineStore", "FrontlinePostgres", "PostgresTestCluster", "FrontlineTestSupport", "FrontlineTestFiles"]),
        .testTarget(name: "FrontlineRegressionTests", dependencies: ["FrontlineML", "FrontlineData", "FrontlineTestFiles"]),
        .testTarget(
            name: "FrontlineServerTests",
            dependencies: [
                "FrontlineServer", "FrontlineAssistant", "FrontlineEngine", "FrontlineStore", "FrontlineML", "FrontlineInsights",
                "PostgresTestCluster", "FrontlineTestFiles",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "FrontlineStoreTests",
            // GRDB directly too: the tests inspect and damage database files behind the store's back.
            dependencies: [
                "FrontlineStore", "FrontlineEngine", "FrontlinePostgres", "PostgresTestCluster", "FrontlineTestSupport", "FrontlineTestFiles",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
