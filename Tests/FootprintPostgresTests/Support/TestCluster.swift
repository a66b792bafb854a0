import Foundation
import Synchronization
import Testing

@testable import FootprintLedger
@testable import FootprintPostgres

/// A throwaway PostgreSQL server for the tests, started through Scripts/postgres-cluster: one shared
/// by the whole test process (started on first use, stopped when the process exits), and dedicated
/// ones for tests that stop or restart their server. Each test takes a database of its own
/// (``PostgresTestServer/freshDatabase()``), so that tests running in parallel never see each
/// other's runs.
///
/// Without PostgreSQL installed the tests that need it are skipped, visibly (their trait names
/// why); with `FOOTPRINT_REQUIRE_POSTGRES=1` (CI) they run and fail instead.
enum TestCluster {
    static let binaries = "/usr/lib/postgresql"

    /// True when a PostgreSQL server's binaries are installed.
    static var installed: Bool {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: binaries)) ?? []
        return versions.contains { FileManager.default.isExecutableFile(atPath: "\(binaries)/\($0)/bin/pg_ctl") }
    }

    static var required: Bool { ProcessInfo.processInfo.environment["FOOTPRINT_REQUIRE_POSTGRES"] == "1" }

    /// Whether the tests that need a server run: when one is installed, or when it is required
    /// (and its absence then fails them).
    static var available: Bool { installed || required }

    static let skipReason: Comment =
        "PostgreSQL is not installed (/usr/lib/postgresql/*/bin); set FOOTPRINT_REQUIRE_POSTGRES=1 to fail instead"

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scripts/postgres-cluster").path

    private static let sharedServer = Mutex<PostgresTestServer?>(nil)

    /// The server every test of the process shares.
    static func shared() throws -> PostgresTestServer {
        try sharedServer.withLock { server in
            if let server { return server }
            let started = try PostgresTestServer.start()
            server = started
            atexit { TestCluster.stopShared() }
            return started
        }
    }

    static func stopShared() {
        sharedServer.withLock { server in
            server?.remove()
            server = nil
        }
    }

    /// A server of its own, for a test that stops or restarts it; the test removes it.
    static func dedicated() throws -> PostgresTestServer { try PostgresTestServer.start() }
}

/// The script failed, or printed something unexpected.
struct ClusterScriptFailure: Error, CustomStringConvertible {
    var description: String
}

/// One running cluster: its folder, URL (without password) and password.
final class PostgresTestServer: Sendable {
    let folder: String
    /// `postgres://footprint@127.0.0.1:PORT/footprint`
    let url: String
    let password: String
    let port: Int

    private init(folder: String, url: String, password: String, port: Int) {
        (self.folder, self.url, self.password, self.port) = (folder, url, password, port)
    }

    static func start() throws -> PostgresTestServer {
        let folder = NSTemporaryDirectory() + "footprint-pg-\(UUID().uuidString.prefix(8))"
        let url = try run("start", folder).trimmingCharacters(in: .whitespacesAndNewlines)
        guard url.hasPrefix("postgres://") else { throw ClusterScriptFailure(description: "start printed \(url)") }
        let password = try String(contentsOfFile: folder + "/password", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let port =
            Int(
                try String(contentsOfFile: folder + "/port", encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        return PostgresTestServer(folder: folder, url: url, password: password, port: port)
    }

    /// Runs the script; returns what it printed. Spawned and waited for directly: Foundation's
    /// Process sometimes missed the exit of this short script and waited for ever.
    @discardableResult
    static func run(_ arguments: String...) throws -> String {
        let output = NSTemporaryDirectory() + "footprint-pg-script-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(atPath: output + ".out")
            try? FileManager.default.removeItem(atPath: output + ".err")
        }
        let argv = [TestCluster.script] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, output + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, TestCluster.script, &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw ClusterScriptFailure(description: "cannot start \(TestCluster.script): error \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let printed = (try? String(contentsOfFile: output + ".out", encoding: .utf8)) ?? ""
        let complaint = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
        // Exited normally with 0: the low 7 bits (the signal) and the exit code are all zero.
        guard status == 0 else {
            throw ClusterScriptFailure(
                description: "postgres-cluster \(arguments.joined(separator: " ")) failed (wait status \(status)): "
                    + complaint)
        }
        return printed
    }

    func stop() throws { try Self.run("stop", folder) }
    func startAgain() throws { try Self.run("start", folder) }
    func restart() throws { try Self.run("restart", folder) }

    /// Stops the server and removes its folder.
    func remove() {
        _ = try? stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The URL of `database` on this server, with `query` appended when given (no password).
    func url(database: String, query: String = "") -> String {
        "postgres://footprint@127.0.0.1:\(port)/\(database)" + (query.isEmpty ? "" : "?" + query)
    }

    /// The root certificate that signed the server's.
    var rootCertificate: String { folder + "/root.crt" }

    /// A new, empty database; returns its URL (no password).
    func freshDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try admin { queries in try queries.execute("CREATE DATABASE \(name)") }
        return url(database: name)
    }

    /// Runs statements on the `footprint` database as its superuser.
    func admin<T: Sendable>(_ body: (PostgresSession.Queries) throws -> T) throws -> T {
        let session = try PostgresSession(
            location: try PostgresLocation(parsing: url(database: "footprint", query: "sslmode=disable")),
            password: password, queryTimeout: 30)
        return try session.withConnection(body)
    }

    /// Runs statements on `databaseURL`'s database.
    func sql<T: Sendable>(on databaseURL: String, _ body: (PostgresSession.Queries) throws -> T) throws -> T {
        let session = try PostgresSession(
            location: try PostgresLocation(parsing: databaseURL), password: password, queryTimeout: 30)
        return try session.withConnection(body)
    }

    /// Opens the ledger in `databaseURL` with the server's password.
    func ledger(_ databaseURL: String, access: Ledger.Access = .create) throws -> PostgresLedger {
        try PostgresLedger(location: try PostgresLocation(parsing: databaseURL), password: password, access: access)
    }
}
