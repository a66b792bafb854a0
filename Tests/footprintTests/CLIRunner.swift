import Foundation

/// Runs the built `footprint` binary the way a user would, capturing its output and exit code.
struct CLIRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout parsed as a JSON object; for `run`, its last line (the command's own output comes first).
        func json() throws -> [String: Any] {
            let whole = try? JSONSerialization.jsonObject(with: Data(stdout.utf8))
            let last = stdout.split(separator: "\n").last.map { String($0) } ?? ""
            guard let object = try (whole ?? JSONSerialization.jsonObject(with: Data(last.utf8))) as? [String: Any]
            else {
                throw CLIError("stdout is not a JSON object: \(stdout)")
            }
            return object
        }
    }

    struct CLIError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// The `footprint` binary beside the test bundle in the build products folder.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["FOOTPRINT_BINARY"] { return URL(fileURLWithPath: path) }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On macOS the runner sits inside a .xctest bundle; on Linux it is the products folder itself.
        while folder.path != "/"
            && !FileManager.default.fileExists(atPath: folder.appendingPathComponent("footprint").path)
        {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("footprint")
    }()

    /// Starts the binary without waiting, output discarded (for signal tests).
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = isolated(environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = binary
        if let directory { process.currentDirectoryURL = directory }
        process.arguments = arguments
        process.environment = isolated(environment)
        // Files, not pipes: a full pipe would block the child while we wait for it.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err")
        guard FileManager.default.createFile(atPath: out.path, contents: nil),
            FileManager.default.createFile(atPath: err.path, contents: nil)
        else {
            throw CLIError("cannot create output files in \(folder.path)")
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// The test's environment over this process's, with nothing of the user's: no FOOTPRINT_*
    /// settings, no data folder (runs and ledgers land in a temporary folder, whatever HOME is),
    /// no configuration files.
    static func isolated(_ environment: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FOOTPRINT_") }
        env["NO_COLOR"] = "1"
        let temporary = FileManager.default.temporaryDirectory
        env["FOOTPRINT_DATA_DIR"] = temporary.appendingPathComponent("footprint-cli-tests").path
        env["XDG_DATA_HOME"] = temporary.appendingPathComponent("footprint-cli-tests-xdg").path
        env["XDG_CONFIG_HOME"] = temporary.appendingPathComponent("footprint-no-config").path
        env.merge(environment) { $1 }
        return env
    }

    /// The repository's Examples folder.
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Examples").standardized
}
