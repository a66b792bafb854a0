import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `footprint serve` refuses what it cannot serve with one line and exit 2, serves the API with the
/// token it was given, and stops on SIGTERM.
@Suite struct ServeCommandTests {
    @Test func aMissingLedgerOrTokenFileIsOneLineAndExit2() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = folder.appendingPathComponent("ledger.sqlite").path
        let missing = try CLIRunner.run(["serve", "--ledger", ledger])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("footprint run -- COMMAND"), "\(missing.stderr)")
        #expect(try CLIRunner.run(["run", "--quiet", "--ledger", ledger, "--", "true"]).status == 0)
        let empty = folder.appendingPathComponent("token").path
        FileManager.default.createFile(atPath: empty, contents: Data("\n".utf8))
        for (arguments, message) in [
            (["--token-file", empty], "holds no token"), (["--token-file", folder.path + "/none"], "none"),
            (["--listen", "8080"], "--listen takes HOST:PORT")
        ] {
            let result = try CLIRunner.run(["serve", "--ledger", ledger] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
    }

    @Test func theAPIAnswersWithTheTokenAndTheServerStopsOnSIGTERM() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = folder.appendingPathComponent("ledger.sqlite").path
        #expect(try CLIRunner.run(["run", "--quiet", "--ledger", ledger, "--name", "one", "--", "true"]).status == 0)
        let token = folder.appendingPathComponent("token").path
        FileManager.default.createFile(atPath: token, contents: Data("t0ken\n".utf8))
        let port = try ExporterCommandTests.freePort()
        let server = try CLIRunner.start([
            "serve", "--ledger", ledger, "--listen", "127.0.0.1:\(port)", "--token-file", token
        ])
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        for _ in 0..<200 where !ExporterCommandTests.get("/healthz", port: port).hasSuffix("ok\n") {
            usleep(50_000)
        }
        #expect(ExporterCommandTests.get("/api/runs", port: port).hasPrefix("HTTP/1.1 401"))
        let runs = ExporterCommandTests.get("/api/runs", port: port, headers: ["Authorization: Bearer t0ken"])
        #expect(runs.hasPrefix("HTTP/1.1 200"), "\(runs)")
        #expect(runs.contains("\"name\" : \"one\""), "\(runs)")
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationReason == .exit && server.terminationStatus == 0)
    }
}
