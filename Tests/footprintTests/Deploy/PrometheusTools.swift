import Foundation

/// Debian's `prometheus` package (the server and `promtool`), which `.ci/run` installs. The tests
/// that need it run when it is there, and are skipped, saying so, when it is not; CI sets
/// `FOOTPRINT_REQUIRE_PROMETHEUS=1` so that a missing server fails there instead.
enum PrometheusTools {
    static let folder = ProcessInfo.processInfo.environment["FOOTPRINT_PROMETHEUS_BIN"] ?? "/usr/bin"
    static var server: String { folder + "/prometheus" }
    static var promtool: String { folder + "/promtool" }

    static let installed =
        FileManager.default.isExecutableFile(atPath: server) && FileManager.default.isExecutableFile(atPath: promtool)
    static let required = ProcessInfo.processInfo.environment["FOOTPRINT_REQUIRE_PROMETHEUS"] == "1"

    /// Whether the footprint binary under test has `footprint exporter` (a binary without it answers
    /// `exporter --help` with its general help).
    static let exporterBuilt: Bool = {
        guard let (status, help) = try? run(CLIRunner.binary.path, ["exporter", "--help"]) else { return false }
        return status == 0 && help.contains("USAGE: footprint exporter")
    }()

    /// Runs a tool to its end; its exit status and what it wrote (stdout and stderr together).
    static func run(_ tool: String, _ arguments: [String], input: String? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let feed = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : feed
        try process.run()
        if let input {
            try feed.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try feed.fileHandleForWriting.close()
        }
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, said)
    }
}
