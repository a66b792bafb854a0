import Foundation
import Testing

/// `footprint run` publishes the run in the live run registry while it runs, energy per task
/// growing, and takes it away when the command ends.
@Suite struct LiveRunCommandTests {
    /// The JSON of the only run file in `folder`, if there is one.
    func liveRun(in folder: String) throws -> [String: Any]? {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasSuffix(".json") && !$0.hasPrefix(".")
        }
        guard let file = files.first else { return nil }
        // A file renamed away between listing and reading: none this time.
        guard let data = FileManager.default.contents(atPath: folder + "/" + file) else { return nil }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// The CPU joules of `task` in a run file.
    func cpuJoules(_ run: [String: Any], task: String) -> Double? {
        let tasks = run["tasks"] as? [[String: Any]] ?? []
        let energy = tasks.first { $0["task"] as? String == task }?["energy"] as? [String: [String: Any]]
        return energy?["cpu"]?["joules"] as? Double
    }

    /// Polls `condition` every 50 ms for up to 20 s.
    func waitFor<T>(_ condition: () throws -> T?) rethrows -> T? {
        for _ in 0..<400 {
            if let value = try condition() { return value }
            usleep(50_000)
        }
        return nil
    }

    @Test func aRunShowsInTheFolderWithItsTaskGrowingAndIsGoneAfter() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let runtime = folder.appendingPathComponent("runtime").path
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: false)
        let done = folder.appendingPathComponent("done").path
        let runs = runtime + "/footprint/runs"
        // Busy inside the task until the test says it has seen enough.
        let script = """
            echo "start train" > "$FOOTPRINT_TASKS"
            while [ ! -e "$DONE" ]; do i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done; done
            echo "stop train" > "$FOOTPRINT_TASKS"
            """
        let run = try CLIRunner.start(
            ["run", "--name", "live one", "--project", "fleet", "--interval", "0.1", "--", "sh", "-c", script],
            environment: [
                "XDG_RUNTIME_DIR": runtime, "DONE": done,
                "FOOTPRINT_LEDGER": folder.appendingPathComponent("ledger.sqlite").path
            ])
        defer {
            if run.isRunning {
                kill(run.processIdentifier, SIGKILL)
                run.waitUntilExit()
            }
        }
        let first = try #require(
            try waitFor { try liveRun(in: runs).flatMap { cpuJoules($0, task: "train") != nil ? $0 : nil } },
            "the run is published with its task while it runs")
        #expect(first["name"] as? String == "live one")
        #expect(first["project"] as? String == "fleet")
        #expect(first["pid"] as? Int == Int(run.processIdentifier))
        #expect(first["scope"] as? String == "process")
        let runID = try #require(first["run_id"] as? String)
        #expect(FileManager.default.fileExists(atPath: "\(runs)/\(runID).json"))
        let before = try #require(cpuJoules(first, task: "train"))
        let later = try #require(
            try waitFor {
                try liveRun(in: runs).flatMap { (cpuJoules($0, task: "train") ?? 0) > before ? $0 : nil }
            }, "the task's energy grows as the run goes on")
        #expect((later["updated_at"] as? Double ?? 0) > (first["updated_at"] as? Double ?? 0))
        #expect(FileManager.default.createFile(atPath: done, contents: nil))
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: runs).isEmpty, "gone after, no temporary left")
    }
}
