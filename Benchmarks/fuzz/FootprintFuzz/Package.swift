// swift-tools-version: 6.0
import Foundation
import PackageDescription

// libFuzzer targets for every parser of outside input. A package of its own, so that the main
// package's `swift build` and `swift test` never build them; see README.md here for how to run.
// SwiftPM names a path dependency after its folder: the checkout's, whatever it is called.
let footprint = URL(fileURLWithPath: Context.packageDirectory)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "FootprintFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../../..")
    ],
    targets: [
        // What each target feeds its parser, as plain functions of bytes.
        .target(
            name: "FuzzTargets",
            dependencies: [
                .product(name: "FootprintCore", package: footprint),
                .product(name: "FootprintMeter", package: footprint),
                .product(name: "FootprintLedger", package: footprint),
                .product(name: "FootprintModels", package: footprint)
            ]),
        // The libFuzzer entry point; FUZZ_TARGET names the parser.
        .executableTarget(name: "footprint-fuzz", dependencies: ["FuzzTargets"])
    ]
)
