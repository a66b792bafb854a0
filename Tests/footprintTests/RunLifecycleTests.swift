import Foundation
import Testing

/// How a run begins and ends: a command that never starts, a monitor stopped as documented,
/// processes that outlive the command, and runs with many tasks.
@Suite(.serialized) struct RunLifecycleTests {
    let folder: URL
    let ledger: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-lifecycle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        ledger = folder.appendingPathComponent("ledger.sqlite").path
    }

    func footprint(_ arguments: [String]) throws -> CLIRunner.Result {
        try CLIRunner.run(arguments, environment: ["FOOTPRINT_LEDGER": ledger])
    }

    /// The ledger's runs, as `runs --json` lists them.
    func runs() throws -> [[String: Any]] {
        // Commands that only read report a ledger that is not there yet instead of creating it.
        guard FileManager.default.fileExists(atPath: ledger) else { return [] }
        let listed = try footprint(["runs", "--json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    }

    // MARK: A command that never started

    @Test func aCommandThatCannotStartIsAnErrorAndNoRun() throws {
        let script = folder.appendingPathComponent("script.sh").path
        try Data("echo hi\n".utf8).write(to: URL(fileURLWithPath: script))  // not executable
        let cases: [(command: String, status: Int32, says: String)] = [
            ("nosuchcmd_xyz", 127, "command not found"),
            ("", 127, "empty"),
            (folder.path, 126, "is a directory"),
            (script, 126, "chmod +x")
        ]
        for (command, status, says) in cases {
            let result = try footprint(["run", "--json", "--", command])
            #expect(result.status == status, "\(command)")
            #expect(result.stdout.isEmpty, "no run object for '\(command)': \(result.stdout)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1, "one line for '\(command)': \(result.stderr)")
            #expect(result.stderr.contains("cannot run") && result.stderr.contains(says), "\(result.stderr)")
            #expect(!result.stderr.contains("finished"))
            // The text form prints no summary either, and no CSV row is written.
            guard command.isEmpty || command == script else { continue }
            let csv = folder.appendingPathComponent("emissions.csv").path
            let text = try footprint(["run", "--csv", csv, "--", command])
            #expect(text.status == status)
            #expect(!text.stderr.contains("energy"), "\(text.stderr)")
            #expect(!FileManager.default.fileExists(atPath: csv))
        }
        #expect(try runs().isEmpty, "a command that never started left a run in the ledger")
    }

    @Test func aCommandThatRunsAndExits127IsAFinishedRun() throws {
        let result = try footprint(["run", "--json", "--", "sh", "-c", "exit 127"])
        #expect(result.status == 127)
        let json = try result.json()
        #expect(json["status"] as? String == "finished")
        #expect(json["exit_code"] as? Int == 127)
        let listed = try runs()
        #expect(listed.count == 1)
        #expect(listed.first?["status"] as? String == "finished")
    }

    /// Started with SIGCHLD ignored (inherited from a parent that ignores it), footprint still
    /// sees the command end and passes on its real exit code, not a made-up 127.
    @Test func anInheritedIgnoredSIGCHLDChangesNothing() throws {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/bash")  // dash will not ignore SIGCHLD
        shell.arguments = [
            "-c", "trap '' CHLD; exec \"$0\" run --json --ledger \"$1\" -- sh -c 'sleep 0.2; exit 5' > \"$2\"",
            CLIRunner.binary.path, ledger, folder.appendingPathComponent("out").path
        ]
        shell.standardError = FileHandle.nullDevice
        try shell.run()
        shell.waitUntilExit()
        #expect(shell.terminationStatus == 5)
        let out = try String(contentsOf: folder.appendingPathComponent("out"), encoding: .utf8)
        let json = try CLIRunner.Result(status: shell.terminationStatus, stdout: out, stderr: "").json()
        #expect(json["exit_code"] as? Int == 5)
        #expect((json["duration_s"] as? Double ?? 0) >= 0.15)
    }

    // MARK: monitor stopped as documented

    @Test func monitorStoppedWithCtrlCOrSIGTERMFinishedAndAHangUpInterrupted() throws {
        for (signal, status) in [(SIGINT, "finished"), (SIGTERM, "finished"), (SIGHUP, "interrupted")] {
            let before = try runs().count
            let monitor = try CLIRunner.start(["monitor", "--quiet", "--interval", "0.05", "--ledger", ledger])
            // Its signals are blocked, and so taken as a request to stop, once its run is recorded.
            let deadline = Date().addingTimeInterval(5)
            while try runs().count == before && Date() < deadline { usleep(20_000) }
            kill(monitor.processIdentifier, signal)
            monitor.waitUntilExit()
            #expect(monitor.terminationReason == .exit && monitor.terminationStatus == 0, "stopped by \(signal)")
            let latest = try #require(try runs().first)
            #expect(latest["status"] as? String == status, "stopped by \(signal)")
        }
    }

    // MARK: Processes that outlive the command

    @Test func processesThatOutliveTheCommandAreNamed() throws {
        let text = try footprint(["run", "--", "sh", "-c", "sleep 0.2 & echo started"])
        #expect(text.status == 0)
        #expect(text.stderr.contains("1 process of the command's tree outlived it"), "\(text.stderr)")
        #expect(text.stderr.contains("--wait-tree"))
        let json = try footprint(["run", "--json", "--", "sh", "-c", "sleep 0.2 & exec sleep 0.05"]).json()
        let outliving = try #require(json["outliving_processes"] as? [[String: Any]])
        #expect(outliving.count == 1)
        #expect(outliving.first?["pid"] is Int)
        #expect(outliving.first?["name"] as? String == "sleep")
        #expect((json["notes"] as? [String] ?? []).contains { $0.contains("outlived it") })
        // A command that leaves nothing behind says nothing about it.
        let alone = try footprint(["run", "--json", "--", "true"]).json()
        #expect((alone["outliving_processes"] as? [Any])?.isEmpty == true)
        #expect(!(alone["notes"] as? [String] ?? []).contains { $0.contains("outlived") })
    }

    @Test func waitTreeMeasuresUntilTheWholeTreeHasExited() throws {
        let result = try footprint([
            "run", "--json", "--wait-tree", "--interval", "0.05", "--",
            "sh", "-c", "sleep 0.3 & (sh -c 'sleep 0.4 &'); exit 3"
        ])
        #expect(result.status == 3)
        let json = try result.json()
        #expect((json["duration_s"] as? Double ?? 0) >= 0.35)
        #expect((json["outliving_processes"] as? [Any])?.isEmpty == true)
        #expect(json["status"] as? String == "finished")
        #expect((json["notes"] as? [String] ?? []).contains { $0.contains("2 processes outlived the command") })
    }

    @Test func aSignalEndsTheWaitForTheTree() throws {
        // The leftover process ignores the signal: footprint stops waiting all the same.
        let footprint = try CLIRunner.start([
            "run", "--quiet", "--wait-tree", "--interval", "0.05", "--ledger", ledger, "--",
            "sh", "-c", "(trap '' TERM; sleep 1) & exit 0"
        ])
        let deadline = Date().addingTimeInterval(5)
        while try runs().isEmpty && Date() < deadline { usleep(20_000) }
        usleep(300_000)
        kill(footprint.processIdentifier, SIGTERM)
        // waitpid, not waitUntilExit: Foundation's also waits for the orphaned sleep.
        var status: Int32 = 0
        while waitpid(footprint.processIdentifier, &status, 0) < 0 && errno == EINTR {}
        #expect(status == 0, "exited with the command's code, 0")
        let run = try #require(try runs().first)
        #expect(run["status"] as? String == "interrupted")
        #expect((run["duration_s"] as? Double ?? 9) < 0.9)
    }

    // MARK: Many tasks

    @Test func manyTasksAreSummarisedInTextAndKeptInJSON() throws {
        let script = """
            echo "start big" > "$FOOTPRINT_TASKS"; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done
            echo "stop big" > "$FOOTPRINT_TASKS"
            for n in $(seq 1 29); do echo "start t$n" > "$FOOTPRINT_TASKS"; echo "stop t$n" > "$FOOTPRINT_TASKS"; done
            """
        let text = try footprint(["run", "--interval", "0.05", "--", "sh", "-c", script])
        #expect(text.status == 0)
        let taskLines = text.stderr.split(separator: "\n").filter { $0.hasPrefix("  task ") }
        #expect(taskLines.count == 11, "\(text.stderr)")
        #expect(taskLines.first?.contains("big:") == true, "largest first: \(taskLines)")
        #expect(text.stderr.contains("  tasks      30; the 10 that used the most energy"))
        #expect(taskLines.last?.contains("20 more:") == true && taskLines.last?.contains("--all-tasks") == true)

        let all = try footprint(["run", "--all-tasks", "--", "sh", "-c", script])
        #expect(all.stderr.split(separator: "\n").filter { $0.hasPrefix("  task ") }.count == 30)

        let json = try footprint(["run", "--json", "--", "sh", "-c", script]).json()
        #expect((json["tasks"] as? [Any])?.count == 30)

        // The ledger's views follow the same rule.
        let id = try #require(json["run_id"] as? String)
        for view in [["runs", "show", id], ["report", id]] {
            let shown = try footprint(view)
            #expect(shown.status == 0, "\(view): \(shown.stderr)")
            #expect(shown.stdout.split(separator: "\n").filter { $0.hasPrefix("  task ") }.count == 11, "\(view)")
            #expect(shown.stdout.contains("20 more:"), "\(view)")
            let every = try footprint(view + ["--all-tasks"])
            #expect(every.stdout.split(separator: "\n").filter { $0.hasPrefix("  task ") }.count == 30, "\(view)")
        }
        let shownJSON = try footprint(["runs", "show", id, "--json"]).json()
        #expect((shownJSON["tasks"] as? [Any])?.count == 30)
    }
}
