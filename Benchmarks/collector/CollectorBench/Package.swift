// swift-tools-version: 6.0
import Foundation
import PackageDescription

// The cost of one `NodeCollector.collect()` on this machine. A package of its own, so that the main
// package's `swift build` and `swift test` never build it; run.sh builds it in release mode.
// SwiftPM names a path dependency after its folder: the checkout's, whatever it is called.
let footprint = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "CollectorBench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../../..")
    ],
    targets: [
        .executableTarget(
            name: "footprint-collector-bench",
            dependencies: [
                .product(name: "FootprintCore", package: footprint),
                .product(name: "FootprintMeter", package: footprint)
            ])
    ]
)
