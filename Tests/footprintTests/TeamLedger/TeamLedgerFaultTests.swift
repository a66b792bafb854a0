import Foundation
import Synchronization
import Testing

/// `footprint` against a real PostgreSQL server when things go wrong: many writers at once, a
/// killed run, a wrong password, a schema from a newer footprint. Every sample taken reaches the
/// server once, and no password is ever printed.
@Suite(.enabled(if: TeamServer.available, TeamServer.skipReason))
struct TeamLedgerFaultTests {
    /// A test's own data folder (so its own spool) and the environment that points footprint at it.
    struct Scene {
        let server: TeamServer
        let url: String
        let folder: URL
        let passwordFile: String
        var environment: [String: String] { ["FOOTPRINT_DATA_DIR": folder.path] }

        init(server: TeamServer? = nil) throws {
            self.server = try server ?? TeamServer.shared()
            url = try self.server.freshDatabase()
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-e2e-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            passwordFile = try self.server.passwordFile(in: folder)
        }

        func footprint(_ arguments: [String], passwordFile: String? = nil) throws -> CLIRunner.Result {
            // The ledger's options before a measured command's `--`.
            let options = ["--ledger", url, "--password-file", passwordFile ?? self.passwordFile]
            var arguments = arguments
            arguments.insert(contentsOf: options, at: arguments.firstIndex(of: "--") ?? arguments.endIndex)
            let result = try CLIRunner.run(arguments, environment: environment)
            // Never the password, whatever happened.
            #expect(!result.stdout.contains(server.password) && !result.stderr.contains(server.password))
            return result
        }

        /// The ledger's runs as `runs --json` lists them (delivering the spool first).
        func runs() throws -> [[String: Any]] {
            let listed = try footprint(["runs", "--json"])
            #expect(listed.status == 0, "\(listed.stderr)")
            return try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        }

        func samples(of runID: String) throws -> Int {
            Int(try server.sql("SELECT COUNT(*) FROM sample WHERE run_id = '\(runID)'", on: database)) ?? -1
        }

        var database: String { String(url.split(separator: "/").last ?? "") }
    }

    @Test func eightWritersAtOnceAllLand() throws {
        let scene = try Scene()
        let results = Mutex<[CLIRunner.Result]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let result = Result(catching: {
                try scene.footprint(["run", "--quiet", "--interval", "0.1", "--", "sleep", "0.\(3 + i % 3)"])
            })
            results.withLock { $0.append((try? result.get()) ?? .init(status: -1, stdout: "", stderr: "\(result)")) }
        }
        for result in results.withLock({ $0 }) { #expect(result.status == 0, "\(result.stderr)") }
        let runs = try scene.runs()
        #expect(runs.count == 8)
        for run in runs {
            let id = try #require(run["id"] as? String)
            #expect(try scene.samples(of: id) >= 1, "\(id)")
        }
        #expect(try scene.server.sql("SELECT COUNT(DISTINCT run_id) FROM sample", on: scene.database) == "8")
    }

    @Test func aKilledRunsSamplesAreDeliveredByTheNextCommandOnce() throws {
        let scene = try Scene()
        let process = try CLIRunner.start(
            [
                "run", "--interval", "0.1", "--ledger", scene.url, "--password-file", scene.passwordFile, "--", "sleep",
                "30"
            ],
            environment: scene.environment)
        Thread.sleep(forTimeInterval: 2.5)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let first = try scene.footprint(["runs", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let runs = try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [[String: Any]] ?? []
        let id = try #require(runs.first?["id"] as? String)
        let delivered = try scene.samples(of: id)
        // 2.5 s at 0.1 s, less the start-up: every sample the killed run took is on the server.
        #expect(delivered >= 10, "\(delivered) samples")
        #expect(runs.first?["status"] as? String == "interrupted")
        // The next command has nothing left to deliver, and the server holds each sample once.
        let again = try scene.footprint(["runs"])
        #expect(again.status == 0 && !again.stderr.contains("delivered"), "\(again.stderr)")
        #expect(try scene.samples(of: id) == delivered)
    }

    @Test func aWrongPasswordKeepsTheRunLocallyUntilTheRightOne() throws {
        let scene = try Scene()
        let wrong = try scene.server.passwordFile(in: scene.folder, password: "not-the-password-42")
        let run = try scene.footprint(["run", "--interval", "0.1", "--", "sleep", "0.5"], passwordFile: wrong)
        // The command is measured and succeeds; the notice says where its run waits.
        #expect(run.status == 0, "\(run.stderr)")
        let said = run.stdout + run.stderr
        #expect(said.contains("spool") && said.contains("delivered by the next footprint command"), "\(said)")
        #expect(!said.contains("not-the-password-42"))
        let refused = try scene.footprint(["runs"], passwordFile: wrong)
        #expect(refused.status == 2 && !refused.stderr.contains("not-the-password-42"), "\(refused.stderr)")
        #expect(refused.stderr.lowercased().contains("password"), "\(refused.stderr)")
        let listed = try scene.footprint(["runs", "--json"])
        #expect(listed.status == 0 && listed.stderr.contains("delivered 1 run"), "\(listed.stderr)")
        let runs = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(runs.count == 1)
        // Neither password is in the ledger's rows.
        let dump = try scene.server.sql("SELECT row_to_json(run)::text FROM run", on: scene.database)
        #expect(!dump.contains(scene.server.password) && !dump.contains("not-the-password-42"))
    }

    @Test func aSchemaFromANewerFootprintIsRefusedWithItsVersion() throws {
        let scene = try Scene()
        #expect(try scene.footprint(["run", "--quiet", "--", "true"]).status == 0)
        try scene.server.sql(
            "INSERT INTO footprint_schema (version, name) VALUES (99, 'from the future')", on: scene.database)
        let refused = try scene.footprint(["runs"])
        #expect(refused.status == 1 && refused.stderr.contains("99"), "\(refused.stderr)")
        #expect(refused.stderr.contains("update footprint"), "\(refused.stderr)")
    }

    @Test func aServerStoppedAndStartedMidRunLosesAndDuplicatesNothing() throws {
        let server = try TeamServer()
        defer { server.remove() }
        let scene = try Scene(server: server)
        let outcome = Mutex<CLIRunner.Result?>(nil)
        let running = Thread {
            let result = try? scene.footprint(["run", "--interval", "0.2", "--", "sleep", "14"])
            outcome.withLock { $0 = result }
        }
        running.start()
        Thread.sleep(forTimeInterval: 3)
        try server.stop()
        Thread.sleep(forTimeInterval: 4)
        try server.start()
        while outcome.withLock({ $0 }) == nil { Thread.sleep(forTimeInterval: 0.2) }
        let run = try #require(outcome.withLock { $0 })
        #expect(run.status == 0, "\(run.stderr)")
        let said = run.stdout + run.stderr
        #expect(said.contains("unreachable") && said.contains("delivered when it came back"), "\(said)")
        let runs = try scene.runs()
        let id = try #require(runs.first?["id"] as? String)
        // 14 s at 0.2 s: about 70 samples, those of the 4 s outage included, each once (the key is
        // run and time, so a second copy could not be stored: the count is what was taken).
        let delivered = try scene.samples(of: id)
        #expect(delivered >= 55, "\(delivered) samples")
        let distinct = try server.sql("SELECT COUNT(DISTINCT t) FROM sample WHERE run_id = '\(id)'", on: scene.database)
        #expect(distinct == "\(delivered)")
        // Evenly spaced: no stretch of the outage is missing.
        let widest = try server.sql(
            "SELECT MAX(t - prev) FROM (SELECT t, LAG(t) OVER (ORDER BY t) AS prev FROM sample WHERE run_id = '\(id)') s",
            on: scene.database)
        #expect((Double(widest) ?? 99) < 1, "widest gap \(widest) s")
    }
}
