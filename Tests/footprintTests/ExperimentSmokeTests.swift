import Foundation
import Testing

/// `footprint lab experiment all --scale smoke`, the whole suite as a user runs it: seconds in a
/// release build, most of a minute in a debug one, so it runs against a release binary (`.ci/run`
/// builds one and runs this suite with `FOOTPRINT_BINARY=.build/release/footprint`). The debug
/// suite runs each design's plan in process and one experiment through the command.
@Suite struct ExperimentSmokeTests {
    @Test(.enabled(if: ReadmeFigureTests.releaseBinary, "seconds in a release build, a minute in a debug one"))
    func theWholeSuiteRunsAtSmokeScaleAndIsStoredAndRendered() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smoke-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = folder.appendingPathComponent("ledger.sqlite").path
        let page = folder.appendingPathComponent("smoke.html").path
        let result = try CLIRunner.run([
            "lab", "experiment", "all", "--scale", "smoke", "--json", "--html", page, "--ledger", ledger
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let suite = try result.json()
        #expect(suite["status"] as? String == "finished" && suite["repeats"] as? Int == 3)
        let experiments = try #require(suite["experiments"] as? [[String: Any]])
        #expect(experiments.compactMap { $0["name"] as? String } == LabExperimentsCommandTests.names)
        for experiment in experiments {
            let name = experiment["name"] as? String ?? "?"
            #expect(
                ["confirmed", "challenged", "inconclusive"].contains(experiment["verdict"] as? String ?? ""), "\(name)")
            #expect((experiment["finding"] as? String)?.isEmpty == false, "\(name)")
            let configurations = experiment["configurations"] as? [[String: Any]] ?? []
            #expect(!configurations.isEmpty, "\(name)")
            let unmeasured = configurations.filter { configuration in
                let joules = configuration["energy_j"] as? Double ?? -1
                return !(joules > 0 && joules.isFinite) || configuration["method"] as? String == nil
            }
            #expect(unmeasured.isEmpty, "\(name): \(unmeasured.compactMap { $0["label"] as? String })")
        }
        let html = try String(contentsOfFile: page, encoding: .utf8)
        for name in LabExperimentsCommandTests.names { #expect(html.contains("id=\"\(name)\""), "\(name)") }
        let runID = try #require(suite["run_id"] as? String)
        let report = try CLIRunner.run(["report", runID, "--json", "--ledger", ledger])
        let stored = try #require(try report.json()["experiment_suite"] as? [String: Any])
        #expect((stored["experiments"] as? [[String: Any]])?.count == 11)
    }
}
