import Foundation
import Synchronization
import Testing

/// A throwaway PostgreSQL server for the end-to-end tests of a team ledger, through
/// Scripts/postgres-cluster (this target does not link the PostgreSQL client: the binary under
/// test is the only one that talks to the server, and `psql` sets a scene up). One server shared
/// by the tests of the process; a test that stops its server takes a dedicated one. Each test works
/// in a database, data folder (spool) and password file of its own.
final class TeamServer: Sendable {
    static let binaries: String? = {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted {
            $0.compare($1, options: .numeric) == .orderedAscending
        }
        return versions.last.map { "\(root)/\($0)/bin" }.flatMap {
            FileManager.default.isExecutableFile(atPath: $0 + "/pg_ctl") ? $0 : nil
        }
    }()

    /// Installed, or required (CI: `FOOTPRINT_REQUIRE_POSTGRES=1`), when its absence must fail the tests.
    static var available: Bool {
        binaries != nil || ProcessInfo.processInfo.environment["FOOTPRINT_REQUIRE_POSTGRES"] == "1"
    }
    static let skipReason: Comment =
        "PostgreSQL is not installed (/usr/lib/postgresql/*/bin); set FOOTPRINT_REQUIRE_POSTGRES=1 to fail instead"

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../../Scripts/postgres-cluster"
    ).standardized.path

    private static let sharedServer = Mutex<TeamServer?>(nil)

    static func shared() throws -> TeamServer {
        try sharedServer.withLock { server in
            if let server { return server }
            let started = try TeamServer()
            server = started
            atexit { TeamServer.sharedServer.withLock { $0?.remove() } }
            return started
        }
    }

    let folder: String
    let port: Int
    let password: String

    /// Starts a new cluster (a dedicated server; the shared one is ``shared()``).
    init() throws {
        folder = NSTemporaryDirectory() + "footprint-team-\(UUID().uuidString.prefix(8))"
        try Self.script("start", folder)
        password = try String(contentsOfFile: folder + "/password", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        port =
            Int(
                try String(contentsOfFile: folder + "/port", encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)) ?? 0
    }

    func stop() throws { try Self.script("stop", folder) }
    func start() throws { try Self.script("start", folder) }
    func remove() {
        try? stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    func url(_ database: String) -> String { "postgres://footprint@127.0.0.1:\(port)/\(database)" }

    /// A new empty database on this server; returns its URL (no password).
    func freshDatabase() throws -> String {
        let name = "e2e_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try sql("CREATE DATABASE \(name)", on: "footprint")
        return url(name)
    }

    /// Runs `statement` with psql on `database`; returns its unaligned output.
    @discardableResult
    func sql(_ statement: String, on database: String) throws -> String {
        try Self.launch(
            (Self.binaries ?? "/usr/bin") + "/psql",
            [
                "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", "\(port)", "-U", "footprint",
                "-d", database, "-c", statement
            ], environment: ["PGPASSWORD": password]
        ).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A file holding `password` (the server's when nil), mode 600, in `folder`.
    func passwordFile(in folder: URL, password: String? = nil) throws -> String {
        let path = folder.appendingPathComponent("password-\(UUID().uuidString.prefix(6))").path
        guard FileManager.default.createFile(atPath: path, contents: Data((password ?? self.password).utf8)) else {
            throw CLIRunner.CLIError("cannot write \(path)")
        }
        chmod(path, 0o600)
        return path
    }

    @discardableResult
    static func script(_ arguments: String...) throws -> String {
        try launch(script, arguments, environment: [:])
    }

    /// Spawned and waited for directly, output into files: the script leaves a server running that
    /// holds no pipe of ours, and Foundation's Process sometimes missed the exit of such a script.
    static func launch(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> String {
        let output = NSTemporaryDirectory() + "footprint-team-launch-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(atPath: output + ".out")
            try? FileManager.default.removeItem(atPath: output + ".err")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, output + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        var cArguments = ([executable] + arguments).map { strdup($0) } + [nil]
        var cEnvironment = variables.map { strdup($0) } + [nil]
        defer { for pointer in cArguments + cEnvironment { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, &cArguments, &cEnvironment)
        guard spawned == 0 else { throw CLIRunner.CLIError("cannot start \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let printed = (try? String(contentsOfFile: output + ".out", encoding: .utf8)) ?? ""
        guard status == 0 else {
            let complaint = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
            throw CLIRunner.CLIError("\(executable) \(arguments.joined(separator: " ")) failed: \(complaint)")
        }
        return printed
    }
}
