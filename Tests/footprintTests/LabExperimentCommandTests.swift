import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct LabExperimentCommandTests {
    @Test(arguments: [
        (["nosuch"], "unknown experiment 'nosuch'"),
        (["epoch"], "did you mean epochs?"),
        ([], "name one or more experiments"),
        (["epochs", "--repeats", "0"], "--repeats must be a whole number from 1 to 100"),
        (["epochs", "--repeats", "101"], "--repeats must be a whole number from 1 to 100"),
        (["epochs", "--scale", "huge"], "--scale"),
        (["epochs", "--device", "cuda"], "--device cuda is for --engine pytorch"),
        (["epochs", "--device", "tpu"], "--device must be cpu or cuda"),
        (["epochs", "--python", "python3"], "--python is for --engine pytorch"),
        (["epochs", "--threads", "0"], "--threads must be from 1 to 256")
    ])
    func badInputIsOneLineAndExitTwoBeforeAnythingRuns(arguments: [String], message: String) throws {
        let result = try CLIRunner.run(["lab", "experiment"] + arguments + ["--no-ledger"])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func aSmokeExperimentPrintsItsVerdictAndOneJSONObject() throws {
        let ledger = FileManager.default.temporaryDirectory.appendingPathComponent("exp-\(UUID().uuidString).sqlite")
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("exp-\(UUID().uuidString).html")
        defer {
            try? FileManager.default.removeItem(at: ledger)
            try? FileManager.default.removeItem(at: page)
        }
        let result = try CLIRunner.run([
            "lab", "experiment", "training-set-size", "--scale", "smoke", "--repeats", "1", "--json", "--ledger",
            ledger.path, "--html", page.path
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let suite = try result.json()
        #expect(suite["engine"] as? String == "lab" && suite["scale"] as? String == "smoke")
        #expect(suite["status"] as? String == "finished")
        let experiment = try #require((suite["experiments"] as? [[String: Any]])?.first)
        #expect(experiment["name"] as? String == "training-set-size")
        #expect(["confirmed", "challenged", "inconclusive"].contains(experiment["verdict"] as? String ?? ""))
        let configurations = try #require(experiment["configurations"] as? [[String: Any]])
        #expect(configurations.count == 6)
        #expect(configurations.allSatisfy { $0["method"] as? String != nil && $0["energy_j"] as? Double != nil })
        // Every repeat is a task of the run in the ledger.
        let runID = try #require(suite["run_id"] as? String)
        let shown = try CLIRunner.run(["runs", "show", runID, "--json", "--ledger", ledger.path])
        #expect(shown.status == 0, "\(shown.stderr)")
        let tasks = try #require(try shown.json()["tasks"] as? [[String: Any]])
        #expect(tasks.count == 6)
        // The results are stored beside the run: the report renders them again without re-running.
        let report = try CLIRunner.run(["report", runID, "--json", "--ledger", ledger.path])
        let stored = try #require(try report.json()["experiment_suite"] as? [String: Any])
        #expect(
            (stored["experiments"] as? [[String: Any]])?.first?["verdict"] as? String == experiment["verdict"]
                as? String)
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("training-set-size") && html.contains("<svg"))
        #expect(!html.contains("<script"))
    }

    @Test func ctrlCStopsCleanlyKeepingWhatWasMeasured() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = [
            "lab", "experiment", "all", "--scale", "standard", "--json", "--ledger",
            folder.appendingPathComponent("ledger.sqlite").path
        ]
        process.environment = CLIRunner.isolated([:])
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        let stdout = try String(contentsOf: out, encoding: .utf8)
        let result = CLIRunner.Result(status: process.terminationStatus, stdout: stdout, stderr: "")
        let suite = try result.json()
        #expect(suite["status"] as? String == "interrupted")
        #expect((suite["experiments"] as? [[String: Any]])?.count == 1)
        let runID = try #require(suite["run_id"] as? String)
        let shown = try CLIRunner.run([
            "runs", "show", runID, "--json", "--ledger", folder.appendingPathComponent("ledger.sqlite").path
        ])
        #expect(try shown.json()["status"] as? String == "interrupted", "\(shown.stdout)")
    }
}
