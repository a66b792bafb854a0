// swift-tools-version: 6.0
import PackageDescription

// The lab's fused multiply-add GEMM kernel is compiled for AVX2 and FMA on x86-64, and chosen at
// run time only on CPUs that have them; the rest of the package stays on the baseline target.
// Release only: a debug build emits the stdlib's always-emit-into-client helpers (loadUnaligned,
// SIMD.sum) as weak functions in every module, and the linker could keep this module's AVX2 copy
// for all of them. An optimised build inlines them and emits none (`nm` shows no W symbols).
#if arch(x86_64)
let fusedKernelSettings: [SwiftSetting] = [
    .unsafeFlags(["-Xcc", "-mavx2", "-Xcc", "-mfma"], .when(configuration: .release))
]
#else
let fusedKernelSettings: [SwiftSetting] = []
#endif

// The release binary is linked by lld with packed relative relocations (DT_RELR, glibc 2.36 and
// later): a static-stdlib PIE carries about 87,000 of them, 2 MB as RELA that the dynamic loader
// reads at every start, 17 KB as RELR. gold, the default linker here, cannot pack them.
// FOOTPRINT_PORTABLE (set by Scripts/build-wheel) leaves RELR out: a binary with DT_RELR needs
// glibc 2.36 and would not start on Ubuntu 22.04 or RHEL 9, which the Python wheel must reach.
let portableBinary = Context.environment["FOOTPRINT_PORTABLE"] != nil
let footprintLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(
        ["-use-ld=lld"] + (portableBinary ? [] : ["-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]),
        .when(platforms: [.linux], configuration: .release))
]

let package = Package(
    name: "Footprint",
    // Linux only: the sensors read /proc, /sys/class/powercap and cgroups, and `footprint run`
    // ties the commands it starts to its life with prctl. No macOS platform is declared, and FootprintSystem
    // stops a build for any other system with an #error that says so.
    products: [
        .library(name: "FootprintCore", targets: ["FootprintCore"]),
        .library(name: "FootprintMeter", targets: ["FootprintMeter"]),
        .library(name: "FootprintLedger", targets: ["FootprintLedger"]),
        .library(name: "FootprintReport", targets: ["FootprintReport"]),
        .library(name: "FootprintLab", targets: ["FootprintLab"]),
        .library(name: "FootprintModels", targets: ["FootprintModels"]),
        .executable(name: "footprint", targets: ["footprint"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0")
    ],
    targets: [
        // Units, grid intensity, hardware, PUE, the life-cycle model and published formulas,
        // model specs. Foundation only; the data tables are compiled in by EmbedResources.
        .target(
            name: "FootprintCore",
            plugins: ["EmbedResources"]
        ),
        // Model descriptions and their counting: our spec (sequential and graph forms), ONNX files
        // (a reader of the protobuf wire format of its own, which skips weight bytes), Hugging Face configs.
        .target(name: "FootprintModels", dependencies: ["FootprintCore"]),
        // Sensors (RAPL, NVML, procfs, cgroups), load models, the sampler, attribution, `Tracker`.
        .target(name: "FootprintMeter", dependencies: ["FootprintCore", "FootprintSystem", "CFootprintSystem"]),
        // The SQLite store of runs, samples and tasks; import and export.
        .target(
            name: "FootprintLedger",
            dependencies: ["FootprintCore", "FootprintSystem", .product(name: "GRDB", package: "GRDB.swift")]),
        // The tensor engine, layers, training, sparse models and data sets of the lab, and
        // `MeasuredSession`: training and inference measured by the meter as tasks of one run.
        .target(
            name: "FootprintLab",
            dependencies: [
                "FootprintCore", "FootprintModels", "FootprintMeter", "FootprintSystem", "FootprintLabFMA",
                "CFootprintSystem"
            ],
            plugins: ["EmbedResources"]),
        // One GEMM kernel built for AVX2 + FMA; FootprintLab calls it after checking the CPU.
        .target(name: "FootprintLabFMA", swiftSettings: fusedKernelSettings),
        // `footprint exporter`: the node's energy as Prometheus metrics, and `footprint serve`: a
        // ledger's dashboard and JSON API, served over HTTP by Hummingbird. Only those two commands
        // touch it, so `footprint run` starts without the server.
        .target(
            name: "FootprintServer",
            dependencies: [
                "FootprintCore", "FootprintMeter", "FootprintLedger", "FootprintReport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus")
            ]),
        // The team ledger on a PostgreSQL server, through postgres-nio: the same runs, samples, tasks,
        // forecasts and experiment results as the SQLite ledger, delivered from a local spool.
        .target(
            name: "FootprintPostgres",
            dependencies: [
                "FootprintCore", "FootprintLedger", "FootprintSystem",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log")
            ]),
        // Time-resolved grid intensity: the Electricity Maps, UK National Grid and WattTime clients
        // (AsyncHTTPClient, bounded in time), their cache, and carbon-aware planning of a run.
        .target(
            name: "FootprintGrid",
            dependencies: [
                "FootprintCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log")
            ]),
        // HTML with inline SVG, Markdown and terminal renderings of runs.
        .target(name: "FootprintReport", dependencies: ["FootprintCore"]),
        // The one seam to the C library for file and process calls: `SystemCalls` (a table of
        // functions tests can fake), `Errno`, and the retry on EINTR. Imports Glibc only, below
        // every module that makes system calls, so that Core stays Foundation-only.
        .target(name: "FootprintSystem"),
        // What Swift cannot do directly: variadic prctl, CPUID/XGETBV for the CPU's extensions, and
        // a signal disposition compared with SIG_IGN.
        .target(name: "CFootprintSystem"),
        .executableTarget(
            name: "footprint",
            dependencies: [
                "FootprintCore",
                "FootprintMeter",
                "FootprintLedger",
                "FootprintPostgres",
                "FootprintReport",
                "FootprintLab",
                "FootprintModels",
                "FootprintServer",
                "FootprintGrid",
                "FootprintSystem",
                "CFootprintSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            linkerSettings: footprintLinkerSettings
        ),
        // Turns Resources/*.tsv into Swift string constants at build time, so that the
        // `footprint` binary carries its data and runs from anywhere without a resource bundle.
        .executableTarget(name: "EmbedResourcesTool", path: "Sources/EmbedResourcesTool"),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["EmbedResourcesTool"]
        ),
        .testTarget(name: "FootprintCoreTests", dependencies: ["FootprintCore"]),
        .testTarget(name: "FootprintModelsTests", dependencies: ["FootprintModels"], exclude: ["Fixtures"]),
        .testTarget(name: "FootprintSystemTests", dependencies: ["FootprintSystem"]),
        .testTarget(name: "FootprintMeterTests", dependencies: ["FootprintMeter", "FootprintSystem"]),
        .testTarget(
            name: "FootprintLedgerTests",
            dependencies: ["FootprintLedger", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "FootprintServerTests",
            dependencies: [
                "FootprintServer", "FootprintMeter", "FootprintCore", "FootprintLedger", "FootprintReport",
                .product(name: "HummingbirdTesting", package: "hummingbird")
            ]),
        // The PostgreSQL ledger against a real server (Scripts/postgres-cluster), and the ledger
        // behaviour suite both backends share.
        .testTarget(
            name: "FootprintPostgresTests",
            dependencies: [
                "FootprintPostgres", "FootprintLedger", "FootprintCore", .product(name: "GRDB", package: "GRDB.swift")
            ]),
        // The intensity clients against fixture servers on loopback (Hummingbird), and the planner.
        .testTarget(
            name: "FootprintGridTests",
            dependencies: [
                "FootprintGrid", "FootprintCore", .product(name: "Hummingbird", package: "hummingbird")
            ]),
        .testTarget(name: "FootprintReportTests", dependencies: ["FootprintReport"], exclude: ["Fixtures"]),
        .testTarget(name: "FootprintLabTests", dependencies: ["FootprintLab", "FootprintMeter", "FootprintModels"]),
        .testTarget(
            name: "footprintTests",
            dependencies: [
                "footprint", "FootprintCore", "FootprintLedger", "FootprintLab", "FootprintModels", "FootprintServer",
                "FootprintGrid", .product(name: "Hummingbird", package: "hummingbird")
            ]
        )
    ]
)

// Existential types are spelled `any P` everywhere, so that a protocol used as a type (a boxed
// value, dynamic dispatch) reads differently from a generic constraint.
for target in package.targets where target.type != .plugin {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("ExistentialAny")]
}
