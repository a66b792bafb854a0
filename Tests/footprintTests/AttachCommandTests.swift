import Foundation
import Testing

/// `footprint attach` end to end: a process already running measured until it exits or is stopped,
/// its registry entry, its task channel, its JSON lines, and the PIDs it refuses.
@Suite(.serialized) struct AttachCommandTests {
    let folder: URL
    let ledger: String
    /// The registry's runtime folder, the test's own.
    let runtime: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-attach-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = folder.appendingPathComponent("ledger.sqlite").path
        runtime = folder.appendingPathComponent("runtime").path
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: false)
    }

    var environment: [String: String] { ["FOOTPRINT_LEDGER": ledger, "XDG_RUNTIME_DIR": runtime] }

    func footprint(_ arguments: [String]) throws -> CLIRunner.Result {
        try CLIRunner.run(arguments, environment: environment)
    }

    /// Ends a process the test started, with SIGKILL: the test runner's children start with
    /// SIGTERM blocked, so that `terminate()` would leave them running.
    func end(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A process to attach to.
    func target(_ script: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        try process.run()
        return process
    }

    /// A running `footprint attach`, its stdout and stderr going to files read as it runs.
    struct Attach {
        let process: Process
        let out: URL
        let err: URL

        var stdout: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOf: err, encoding: .utf8)) ?? "" }

        /// stdout's JSON lines so far.
        var lines: [[String: Any]] {
            stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        /// The `attached` line, once it has come (at most 10 s).
        func attached() throws -> [String: Any] {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if let first = lines.first { return first }
                usleep(10_000)
            }
            throw CLIRunner.CLIError("no attached line; stderr: \(stderr)")
        }

        /// Waits for the end; returns the exit status and the summary, stdout's last line.
        func finish() throws -> (status: Int32, summary: [String: Any]) {
            process.waitUntilExit()
            return (process.terminationStatus, try #require(lines.last))
        }
    }

    func attach(_ arguments: [String]) throws -> Attach {
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = ["attach"] + arguments
        process.environment = CLIRunner.isolated(environment)
        let name = UUID().uuidString
        let out = folder.appendingPathComponent("\(name).out"), err = folder.appendingPathComponent("\(name).err")
        guard FileManager.default.createFile(atPath: out.path, contents: nil),
            FileManager.default.createFile(atPath: err.path, contents: nil)
        else { throw CLIRunner.CLIError("cannot create output files in \(folder.path)") }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return Attach(process: process, out: out, err: err)
    }

    func write(_ line: String, to channel: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: channel))
        try handle.write(contentsOf: Data((line + "\n").utf8))
        try handle.close()
    }

    func registryEntry(_ pid: Int32) -> String { "\(runtime)/footprint/attached/\(pid).json" }

    // MARK: Measuring

    @Test func aBusyProcessIsMeasuredWithItsTasksUntilCtrlC() throws {
        let busy = try target("while :; do :; done")
        defer { end(busy) }
        let run = try attach(["\(busy.processIdentifier)", "--json", "--interval", "0.05"])
        let attached = try run.attached()
        #expect(attached["event"] as? String == "attached")
        #expect(attached["pid"] as? Int == Int(busy.processIdentifier))
        #expect(attached["meter_pid"] as? Int == Int(run.process.processIdentifier))
        #expect(attached["name"] as? String == "/bin/sh -c while :; do :; done")
        let runID = try #require(attached["run_id"] as? String)
        let channel = try #require(attached["tasks"] as? String)
        // The entry is there while it measures, and names the run and its channel.
        let entry = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: registryEntry(busy.processIdentifier)))) as? [String: Any])
        #expect(entry["run_id"] as? String == runID)
        #expect(entry["tasks"] as? String == channel)
        // A line written right after the attached line counts.
        try write("start load", to: channel)
        usleep(300_000)
        try write("stop load", to: channel)
        usleep(100_000)
        kill(run.process.processIdentifier, SIGINT)
        let (status, summary) = try run.finish()
        #expect(status == 0)
        #expect(summary["run_id"] as? String == runID)
        #expect(summary["event"] == nil)
        #expect(summary["attached_pid"] as? Int == Int(busy.processIdentifier))
        #expect(summary["status"] as? String == "finished")
        #expect(summary["exit_code"] is NSNull)
        #expect(summary["command"] as? [String] == ["/bin/sh", "-c", "while :; do :; done"])
        #expect((summary["tasks"] as? [[String: Any]])?.map { $0["name"] as? String } == ["load"])
        let cpu = try #require((summary["components"] as? [String: [String: Any]])?["cpu"])
        #expect((cpu["process_energy_kwh"] as? Double ?? 0) > 0, "the busy loop is in the tree")
        #expect(
            (summary["notes"] as? [String] ?? []).contains(
                "stopped by Ctrl-C (SIGINT) while process \(busy.processIdentifier) still ran"))
        #expect(!FileManager.default.fileExists(atPath: registryEntry(busy.processIdentifier)), "gone after")
        // The ledger has it as printed.
        let shown = try footprint(["runs", "show", runID, "--json"]).json()
        #expect(shown["status"] as? String == "finished")
        #expect((shown["tasks"] as? [[String: Any]])?.count == 1)
    }

    @Test func theRunEndsWhenTheProcessExits() throws {
        let sleeper = try target("exec sleep 30")
        let run = try attach(["\(sleeper.processIdentifier)", "--json", "--interval", "0.05"])
        _ = try run.attached()
        end(sleeper)
        let (status, summary) = try run.finish()
        #expect(status == 0)
        #expect(summary["status"] as? String == "finished")
        #expect(!(summary["notes"] as? [String] ?? []).contains { $0.contains("still ran") })
        #expect(!FileManager.default.fileExists(atPath: registryEntry(sleeper.processIdentifier)))
    }

    /// The job is the measured process's, from its environment, not footprint's own.
    @Test func theRunRecordsTheJobOfTheProcessItMeasures() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "exec sleep 30"]
        process.environment = ["TORCHELASTIC_RUN_ID": "att-1", "RANK": "3", "LOCAL_RANK": "1", "WORLD_SIZE": "4"]
        try process.run()
        let run = try attach(["\(process.processIdentifier)", "--json", "--interval", "0.05"])
        _ = try run.attached()
        end(process)
        let (status, summary) = try run.finish()
        #expect(status == 0)
        let job = try #require(summary["job"] as? [String: Any], "\(summary)")
        #expect(job["scheduler"] as? String == "torchrun" && job["id"] as? String == "att-1")
        #expect(job["rank"] as? Int == 3 && job["local_rank"] as? Int == 1 && job["world_size"] as? Int == 4)
    }

    @Test func theMeasuredProgramEndsItsOwnRunWithSIGUSR1AndNoNote() throws {
        let sleeper = try target("exec sleep 30")
        defer { end(sleeper) }
        let run = try attach(["\(sleeper.processIdentifier)", "--json", "--interval", "0.05"])
        _ = try run.attached()
        kill(run.process.processIdentifier, SIGUSR1)
        let (status, summary) = try run.finish()
        #expect(status == 0)
        #expect(summary["status"] as? String == "finished")
        #expect(!(summary["notes"] as? [String] ?? []).contains { $0.contains("still ran") })
        #expect(!FileManager.default.fileExists(atPath: registryEntry(sleeper.processIdentifier)))
    }

    @Test func textModeSaysWhereToMarkPhasesAndHowToStop() throws {
        let sleeper = try target("exec sleep 30")
        let run = try attach(["\(sleeper.processIdentifier)", "--interval", "0.05"])
        let deadline = Date().addingTimeInterval(10)
        while !run.stderr.contains("\n") && Date() < deadline { usleep(10_000) }
        end(sleeper)
        run.process.waitUntilExit()
        #expect(run.process.terminationStatus == 0)
        let first = try #require(run.stderr.split(separator: "\n").first)
        #expect(first.hasPrefix("footprint: attached to \(sleeper.processIdentifier) (sleep 30) as run "))
        #expect(first.contains("; mark phases: echo \"start NAME\" > /"))
        #expect(first.contains("; stop: Ctrl-C or footprint attach --stop "))
        #expect(run.stderr.contains("footprint: sleep 30 — finished in"))
    }

    @Test func untilExitIgnoresCtrlCAndAHangUp() throws {
        let sleeper = try target("exec sleep 30")
        let run = try attach(["\(sleeper.processIdentifier)", "--json", "--until-exit", "--interval", "0.05"])
        _ = try run.attached()
        kill(run.process.processIdentifier, SIGINT)
        kill(run.process.processIdentifier, SIGHUP)
        usleep(300_000)
        #expect(run.process.isRunning)
        end(sleeper)
        let (status, summary) = try run.finish()
        #expect(status == 0)
        #expect(summary["status"] as? String == "finished")
        #expect(!(summary["notes"] as? [String] ?? []).contains { $0.contains("still ran") })
    }

    @Test func stopFromASecondInvocationEndsTheRun() throws {
        let sleeper = try target("exec sleep 30")
        defer { end(sleeper) }
        let run = try attach(["\(sleeper.processIdentifier)", "--json", "--interval", "0.05"])
        let runID = try #require(try run.attached()["run_id"] as? String)
        let stopped = try footprint(["attach", "--stop", String(runID.prefix(11))])
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(stopped.stderr == "footprint: stopped run \(runID) (attached to \(sleeper.processIdentifier))\n")
        // It waited for the attach to end: the summary is written.
        #expect(!run.process.isRunning || run.lines.count >= 2)
        let (status, summary) = try run.finish()
        #expect(status == 0)
        #expect(summary["status"] as? String == "finished")
        #expect((summary["notes"] as? [String] ?? []).contains { $0.contains("stopped by SIGTERM") })
        // Nothing left to stop, a prefix too short, a PID beside --stop: refused.
        for arguments in [["--stop", runID], ["--stop", "abc"], ["--stop", runID, "42"]] {
            let refused = try footprint(["attach"] + arguments)
            #expect(refused.status == 2, "\(arguments)")
            #expect(refused.stderr.hasPrefix("error: ") && refused.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func anEpochsLineAndThreeEpochsBringForecastLines() throws {
        let sleeper = try target("exec sleep 30")
        defer { end(sleeper) }
        let run = try attach(["\(sleeper.processIdentifier)", "--json", "--quiet", "--interval", "0.05"])
        let channel = try #require(try run.attached()["tasks"] as? String)
        try write("epochs 3", to: channel)
        for epoch in 1...3 {
            try write("start epoch \(epoch)", to: channel)
            usleep(100_000)
            try write("stop epoch \(epoch)", to: channel)
        }
        usleep(200_000)
        kill(run.process.processIdentifier, SIGINT)
        let (status, summary) = try run.finish()
        #expect(status == 0)
        let forecasts = run.lines.filter { $0["event"] as? String == "forecast" }
        #expect(forecasts.map { $0["after_epochs"] as? Int } == [1, 2, 3])
        let keys: Set = [
            "event", "after_epochs", "epochs", "duration_s", "energy_kwh", "co2e_kg", "low_energy_kwh",
            "high_energy_kwh", "made_at_s"
        ]
        #expect(forecasts.allSatisfy { Set($0.keys) == keys })
        #expect(summary["epochs"] as? Int == 3)
        #expect((summary["predictions"] as? [Any])?.count == 3)
    }

    @Test func footprintInsideTheTreeItMeasuresLeavesItselfOut() throws {
        // The shell starts footprint on its own pid and becomes a sleep (exec keeps the pid):
        // footprint is a child of the process it measures, yet its own sampling is no CPU time of it.
        let out = folder.appendingPathComponent("inside.out").path
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = [
            "-c", "\"$0\" attach $$ --json --quiet --interval 0.05 > \"$1\" & exec sleep 30", CLIRunner.binary.path, out
        ]
        shell.environment = CLIRunner.isolated(environment)
        try shell.run()
        defer { end(shell) }
        func lines() -> [[String: Any]] {
            ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }
        var deadline = Date().addingTimeInterval(10)
        while lines().isEmpty && Date() < deadline { usleep(20_000) }
        let attached = try #require(lines().first)
        let meter = try #require(attached["meter_pid"] as? Int)
        #expect(attached["pid"] as? Int == Int(shell.processIdentifier))
        usleep(700_000)
        kill(Int32(meter), SIGINT)
        deadline = Date().addingTimeInterval(10)
        while lines().count < 2 && Date() < deadline { usleep(20_000) }
        let summary = try #require(lines().last)
        let cpu = try #require((summary["components"] as? [String: [String: Any]])?["cpu"])
        #expect(cpu["process_energy_kwh"] as? Double == 0, "the sleep used no CPU; footprint did")
    }

    // MARK: Refused

    @Test func pidsThatCannotBeMeasuredAreOneLineErrors() throws {
        let exited = try target("exit 0")
        exited.waitUntilExit()
        let sleeper = try target("exec sleep 30")
        defer { end(sleeper) }
        let first = try attach(["\(sleeper.processIdentifier)", "--json", "--interval", "0.05"])
        let runID = try #require(try first.attached()["run_id"] as? String)
        let cases: [(arguments: [String], says: String)] = [
            (["\(exited.processIdentifier)"], "no process \(exited.processIdentifier) is running"),
            (["0"], "PID 0 is outside 1 to 4,194,304"),
            (["4194305"], "PID 4194305 is outside 1 to 4,194,304"),
            (["\(sleeper.processIdentifier)"], "is measured already, by run \(runID)"),
            ([], "give the PID of a running process")
        ]
        for (arguments, says) in cases {
            let result = try footprint(["attach"] + arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains(says), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
        // Its own PID: exec keeps the shell's.
        let own = try footprint(["run", "--json", "--", "sh", "-c", "exec \"$0\" attach $$", CLIRunner.binary.path])
        #expect(own.status == 2)
        kill(first.process.processIdentifier, SIGINT)
        _ = try first.finish()
        let runs = try footprint(["runs", "--json"])
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        // Nothing recorded for the refusals: the first attach's run and the footprint run around the own-PID one.
        #expect(listed.count == 2)
    }

    // MARK: epochs N in footprint run

    @Test func anEpochsLineGivesFootprintRunItsPlan() throws {
        let script = """
            echo "epochs 2" > "$FOOTPRINT_TASKS"
            for e in 1 2; do echo "start epoch $e" > "$FOOTPRINT_TASKS"; sleep 0.05; echo "stop epoch $e" > "$FOOTPRINT_TASKS"; done
            echo "epochs 7" > "$FOOTPRINT_TASKS"
            """
        let json = try footprint(["run", "--json", "--interval", "0.05", "--", "sh", "-c", script]).json()
        #expect(json["epochs"] as? Int == 2)
        #expect((json["predictions"] as? [Any])?.count == 2)
        #expect(
            (json["notes"] as? [String] ?? []).contains(
                "ignored 'epochs 7': the run announced 2 epochs already, which stand"))
    }
}
