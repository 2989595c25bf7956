// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Frontline",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "frontline", targets: ["frontline"]),
        .library(name: "FrontlineML", targets: ["FrontlineML"]),
        .library(name: "FrontlineData", targets: ["FrontlineData"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
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
            dependencies: ["CBLAS"]
        ),
        .target(
            name: "FrontlineData",
            dependencies: ["FrontlineML", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "frontline",
            dependencies: [
                "FrontlineML", "FrontlineData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FrontlineMLTests", dependencies: ["FrontlineML"]),
        .testTarget(name: "FrontlineDataTests", dependencies: ["FrontlineData"]),
        .testTarget(name: "FrontlineRegressionTests", dependencies: ["FrontlineML", "FrontlineData"]),
    ],
    swiftLanguageModes: [.v6]
)
