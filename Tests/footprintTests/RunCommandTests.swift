import Foundation
import Testing

/// `footprint run` with real child processes.
@Suite(.serialized) struct RunCommandTests {
    let data: URL

    init() throws {
        data = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
    }

    var environment: [String: String] { ["FOOTPRINT_DATA_DIR": data.path] }

    @Test func passesTheExitCodeThroughAndPrintsTheJSONSummary() throws {
        let result = try CLIRunner.run(
            ["run", "--json", "--country", "FR", "--name", "three", "--", "sh", "-c", "exit 3"],
            environment: environment)
        #expect(result.status == 3)
        let json = try result.json()
        #expect(json["exit_code"] as? Int == 3)
        #expect(json["name"] as? String == "three")
        for key in ["run_id", "duration_s", "energy_kwh", "co2e_kg", "pue", "tasks"] {
            #expect(json[key] != nil, "\(key)")
        }
        let location = try #require(json["location"] as? [String: Any])
        #expect(location["code"] as? String == "FR")
        #expect(location["intensity_g_per_kwh"] as? Double == 56)
        #expect(location["source"] != nil)
        let components = try #require(json["components"] as? [String: [String: Any]])
        #expect(Set(components.keys) == ["cpu", "gpu", "ram"])
        #expect((components["cpu"]?["method"] as? String)?.contains(":") == true)
        #expect(components["cpu"]?["energy_kwh"] is Double)
    }

    /// The assumed PUE is recorded as what it is; the advice to set --pue is the terminal's alone.
    @Test func theAssumedPUEIsRecordedWithoutTerminalAdvice() throws {
        let json = try CLIRunner.run(["run", "--json", "--", "true"], environment: environment).json()
        #expect(json["pue_source"] as? String == "1.0: no facility overhead assumed")
        // The summary goes to standard error, beside the command's own output.
        let summary = try CLIRunner.run(["run", "--", "true"], environment: environment)
        #expect(
            summary.stderr.contains("PUE        1 — 1.0: no facility overhead assumed (set --pue for a data centre"),
            "\(summary.stderr)")
    }

    @Test func signalDeathBecomes128PlusN() throws {
        let result = try CLIRunner.run(["run", "--quiet", "--", "sh", "-c", "kill -TERM $$"], environment: environment)
        #expect(result.status == 143)
        #expect(
            try CLIRunner.run(["run", "--quiet", "--", "/nonexistent/tool"], environment: environment).status == 127)
    }

    @Test func tasksFromAnyLanguage() throws {
        let script = """
            echo "start load" > "$FOOTPRINT_TASKS"; sleep 0.1; echo "stop load" > "$FOOTPRINT_TASKS"
            echo "start train" > "$FOOTPRINT_TASKS"; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done
            echo "stop train" > "$FOOTPRINT_TASKS"
            """
        let result = try CLIRunner.run(
            ["run", "--json", "--interval", "0.05", "--", "sh", "-c", script], environment: environment)
        #expect(result.status == 0)
        let tasks = try #require(try result.json()["tasks"] as? [[String: Any]])
        #expect(tasks.compactMap { $0["name"] as? String } == ["load", "train"])
        let load = try #require(tasks.first?["duration_s"] as? Double)
        #expect(load >= 0.09 && load < 0.5)
        for task in tasks { #expect(task["energy_kwh"] is Double && task["co2e_kg"] is Double) }
    }

    @Test func forwardsSIGTERMToTheCommand() throws {
        let pidFile = data.appendingPathComponent("child.pid").path
        let footprint = try CLIRunner.start(
            [
                "run", "--quiet", "--", "sh", "-c",
                "echo $$ > \(pidFile); trap 'exit 7' TERM; sleep 30 & wait"
            ],
            environment: environment)
        let child = try waitForPID(pidFile)
        kill(footprint.processIdentifier, SIGTERM)
        #expect(exitStatus(of: footprint) == 7)
        #expect(!isRunning(child))
    }

    @Test func aSIGKILLedFootprintTakesTheCommandWithItAndKeepsItsSamples() throws {
        let pidFile = data.appendingPathComponent("child.pid").path
        let footprint = try CLIRunner.start(
            [
                "run", "--quiet", "--interval", "0.05", "--", "sh", "-c",
                "echo $$ > \(pidFile); exec sleep 30"
            ], environment: environment)
        let child = try waitForPID(pidFile)
        usleep(300_000)
        kill(footprint.processIdentifier, SIGKILL)
        #expect(exitStatus(of: footprint) == 128 + SIGKILL)
        let deadline = Date().addingTimeInterval(2)
        while isRunning(child) && Date() < deadline { usleep(10_000) }
        #expect(!isRunning(child), "the command outlived a SIGKILLed footprint")
        // Every interval taken before the kill is in the run's sample log: an 8-byte header, then
        // 89 bytes a sample (no task was marked).
        let logs = data.appendingPathComponent("ledger.sqlite.d")
        let names = try FileManager.default.contentsOfDirectory(atPath: logs.path).filter { $0.hasSuffix(".samples") }
        try #require(names.count == 1, "\(names)")
        let size = try #require(
            try FileManager.default.attributesOfItem(atPath: logs.appendingPathComponent(names[0]).path)[.size] as? Int)
        #expect((size - 8) % 89 == 0, "no torn record: \(size) bytes")
        let taken = (size - 8) / 89
        #expect(taken >= 3)
        // The next command to open the ledger folds it: every one of them, and the run interrupted.
        let listed = try CLIRunner.run(["runs", "--json"], environment: environment)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let id = try #require(runs.first?["id"] as? String)
        #expect(names[0] == id + ".samples")
        #expect(runs.first?["status"] as? String == "interrupted")
        let shown = try CLIRunner.run(["runs", "show", id, "--json"], environment: environment).json()
        #expect(shown["sample_count"] as? Int == taken)
        #expect((shown["duration_s"] as? Double ?? 0) >= 0.05 * Double(taken) - 0.001)
        #expect(!FileManager.default.fileExists(atPath: logs.appendingPathComponent(names[0]).path), "folded once")
        // Opening again adds nothing.
        let again = try CLIRunner.run(["runs", "show", id, "--json"], environment: environment).json()
        #expect(again["sample_count"] as? Int == taken)
    }

    /// A ledger whose sample logs cannot be kept is refused before the command starts, as a
    /// read-only one is (which root, running these tests, cannot be shown).
    @Test func aLedgerThatCannotKeepSampleLogsIsRefusedBeforeTheCommandRuns() throws {
        let marker = data.appendingPathComponent("ran").path
        try Data().write(to: data.appendingPathComponent("ledger.sqlite.d"))
        let result = try CLIRunner.run(["run", "--", "touch", marker], environment: environment)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(
            result.stderr.contains("sample logs") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)"
        )
        #expect(!FileManager.default.fileExists(atPath: marker), "the command ran")
    }

    /// GPUs through a fake NVML built from the meter tests' C source: the counter device, the
    /// counterless one (power integrated) and the one that gets lost, in one run.
    @Test func gpuEnergyThroughNVML() throws {
        var env = environment
        env["FOOTPRINT_NVML_LIBRARY"] = try FakeNVMLLibrary.build(in: data.appendingPathComponent("nvml"))
        let result = try CLIRunner.run(
            ["run", "--json", "--scope", "machine", "--interval", "0.05", "--", "sleep", "0.3"],
            environment: env)
        #expect(result.status == 0)
        let json = try result.json()
        let gpu = try #require((json["components"] as? [String: [String: Any]])?["gpu"])
        #expect(gpu["method"] as? String == "measured:nvml-power")
        #expect((gpu["machine_energy_kwh"] as? Double ?? 0) > 0)
        let notes = try #require(json["notes"] as? [String])
        #expect(notes.contains { $0.contains("Tesla T4") })
        #expect(notes.contains { $0.contains("GPU 2") && $0.contains("GPU is lost") })
    }

    @Test func twoRunsWritingOneLedgerBothLand() throws {
        let runs = try (0..<2).map { _ in
            try CLIRunner.start(
                ["run", "--quiet", "--interval", "0.05", "--", "sleep", "0.6"], environment: environment)
        }
        for run in runs { #expect(exitStatus(of: run) == 0) }
        let listed = try CLIRunner.run(["runs", "--json"], environment: environment)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 2)
        for row in rows {
            #expect(row["status"] as? String == "finished")
            let shown = try CLIRunner.run(
                ["runs", "show", try #require(row["id"] as? String), "--json"], environment: environment
            ).json()
            #expect((shown["sample_count"] as? Int ?? 0) >= 10)
        }
    }

    @Test func usageErrors() throws {
        let none = try CLIRunner.run(["run"], environment: environment)
        #expect(none.status == 2)
        #expect(none.stderr.contains("give the command to measure after --"))
        let interval = try CLIRunner.run(["run", "--interval", "0.01", "--", "true"], environment: environment)
        #expect(interval.status == 2)
        #expect(interval.stderr.contains("--interval must be from 0.05 to 3,600 s"))
        let country = try CLIRunner.run(["run", "--country", "US-CA", "--", "true"], environment: environment)
        #expect(country.status == 2)
        #expect(country.stderr.contains("not a country"))
    }

    @Test func monitorForADuration() throws {
        let result = try CLIRunner.run(
            [
                "monitor", "--duration", "0.3", "--interval", "0.1", "--json", "--cloud", "aws:eu-north-1",
                "--pue", "aws"
            ], environment: environment)
        #expect(result.status == 0)
        let json = try result.json()
        #expect(json["scope"] as? String == "machine")
        #expect(json["pue"] as? Double == 1.15)
        #expect((json["location"] as? [String: Any])?["code"] as? String == "aws:eu-north-1")
        let duration = try #require(json["duration_s"] as? Double)
        #expect(duration > 0.25 && duration < 1)
        let cpu = try #require((json["components"] as? [String: [String: Any]])?["cpu"])
        #expect((cpu["energy_kwh"] as? Double ?? 0) > 0)
    }

    @Test func textSummaryOnStderr() throws {
        let result = try CLIRunner.run(["run", "--region", "SE1", "--", "true"], environment: environment)
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("footprint: true"))
        #expect(result.stderr.contains("SE1"))
        #expect(result.stderr.contains("ledger"))
    }

    func waitForPID(_ path: String) throws -> pid_t {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return pid
            }
            usleep(10_000)
        }
        throw CLIRunner.CLIError("the command never wrote its pid to \(path)")
    }

    /// Reaps footprint with waitpid: Foundation's `waitUntilExit` on Linux also waits for the
    /// command's orphaned background jobs, which is not what these tests measure.
    /// When Foundation's own child monitor reaped it first, its record is used instead.
    func exitStatus(of process: Process) -> Int32 {
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(process.processIdentifier, &status, 0) } while result < 0 && errno == EINTR
        guard result == process.processIdentifier else {
            process.waitUntilExit()
            let code = process.terminationStatus
            return process.terminationReason == .uncaughtSignal ? 128 + code : code
        }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Alive and not a zombie: an orphan whose new parent never reaps it is dead all the same.
    func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
        return state != "Z" && state != "X"
    }
}
