import Foundation
import Testing

/// `footprint report` on runs recorded by `footprint run`, and what the commands say about paths
/// they cannot read or write.
@Suite(.serialized) struct ReportCommandTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var ledger: String { folder.appendingPathComponent("ledger.sqlite").path }

    /// Records a command sampled every 0.1 s (a few intervals) and returns its run id.
    func recordBusyRun() throws -> String {
        let result = try CLIRunner.run([
            "run", "--json", "--ledger", ledger, "--interval", "0.1", "--country", "FR", "--",
            "sleep", "0.35"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try result.json()["run_id"] as? String)
    }

    /// The power chart's steps (the report model's intervals) hold the energy of the run's totals,
    /// and the first starts at 0.
    @Test func reportJSONPowerIntervalsAddUpToTheRunsEnergy() throws {
        let id = try recordBusyRun()
        let result = try CLIRunner.run(["report", id, "--json", "--ledger", ledger])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let intervals = try #require(json["power_intervals"] as? [[String: Any]])
        #expect(intervals.count >= 2)
        #expect(intervals.first?["start_s"] as? Double == 0)
        var area = 0.0
        var previousEnd = 0.0
        for interval in intervals {
            let start = try #require(interval["start_s"] as? Double), end = try #require(interval["end_s"] as? Double)
            let watts = try #require(interval["watts"] as? [String: Double])
            #expect(start >= previousEnd - 1e-9 && end > start)
            area += (end - start) * watts.values.reduce(0, +)
            previousEnd = end
        }
        let run = try #require(json["run"] as? [String: Any])
        let components = try #require(run["components_kwh"] as? [String: Double])
        let energy = components.values.reduce(0, +) * 3_600_000
        #expect(energy > 0)
        #expect(abs(area - energy) <= 1e-9 * max(energy, 1), "area \(area) J, totals \(energy) J")
        #expect(run["sample_count"] as? Int == intervals.count)
        #expect((json["what_ifs"] as? [Any])?.isEmpty == false)
        #expect(json["no_measurement"] == nil)
        // A mistyped id is a usage error, as in `runs show`.
        let mistyped = try CLIRunner.run(["report", "zz-no-such-run", "--ledger", ledger])
        #expect(mistyped.status == 2 && mistyped.stderr.contains("no run"), "\(mistyped.stderr)")
    }

    @Test func reportJSONSummarisesTheFilesWritten() throws {
        let id = try recordBusyRun()
        let html = folder.appendingPathComponent("r.html").path, markdown = folder.appendingPathComponent("r.md").path
        let result = try CLIRunner.run([
            "report", id, "--html", html, "--markdown", "--output", markdown, "--json", "--ledger", ledger
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let written = try #require(try result.json()["written"] as? [[String: Any]])
        #expect(written.map { $0["format"] as? String } == ["html", "markdown"])
        #expect(written.map { $0["path"] as? String } == [html, markdown])
        for file in written {
            let size =
                try FileManager.default.attributesOfItem(atPath: try #require(file["path"] as? String))[.size] as? Int
            #expect(file["bytes"] as? Int == size)
            #expect(file["run_ids"] as? [String] == [id])
        }
        let statement = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(statement.hasPrefix("## Energy and carbon statement"))

        let project = try CLIRunner.run(["run", "--quiet", "--ledger", ledger, "--project", "p", "--", "true"])
        #expect(project.status == 0)
        let page = folder.appendingPathComponent("p.html").path
        let summary = try CLIRunner.run(["report", "--project", "p", "--html", page, "--json", "--ledger", ledger])
        #expect(summary.status == 0, "\(summary.stderr)")
        let files = try #require(try summary.json()["written"] as? [[String: Any]])
        #expect(files.first?["format"] as? String == "html" && (files.first?["run_ids"] as? [String])?.count == 1)
    }

    /// A run killed before its first sample: every rendering says nothing was measured, none claims 0 J.
    @Test func aRunKilledBeforeItsFirstSampleIsNotReportedAsZero() throws {
        let pidFile = folder.appendingPathComponent("child.pid").path
        let footprint = try CLIRunner.start([
            "run", "--quiet", "--ledger", ledger, "--interval", "60", "--", "sh", "-c",
            "echo $$ > \(pidFile); exec sleep 30"
        ])
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: pidFile) && Date() < deadline { usleep(10_000) }
        usleep(100_000)
        kill(footprint.processIdentifier, SIGKILL)
        footprint.waitUntilExit()
        let listed = try CLIRunner.run(["runs", "--json", "--ledger", ledger])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let id = try #require(runs.first?["id"] as? String)

        let text = try CLIRunner.run(["report", id, "--ledger", ledger])
        #expect(text.status == 0)
        #expect(
            text.stdout.contains("interrupted before its first sample was taken, so no energy was measured"),
            "\(text.stdout)")
        #expect(!text.stdout.contains("0 J") && !text.stdout.contains("0×"), "\(text.stdout)")
        let statement = try CLIRunner.run(["report", id, "--markdown", "--ledger", ledger])
        #expect(
            statement.stdout.contains("no energy was measured") && !statement.stdout.contains(" 0 J"),
            "\(statement.stdout)")
        let json = try CLIRunner.run(["report", id, "--json", "--ledger", ledger]).json()
        #expect((json["no_measurement"] as? String)?.contains("no energy was measured") == true)
        #expect((json["power_intervals"] as? [Any])?.isEmpty == true && (json["what_ifs"] as? [Any])?.isEmpty == true)
    }

    @Test func reportFlagCombinationsThatCannotWork() throws {
        for (arguments, message) in [
            (["report", "x", "--json", "--markdown"], "write the statement to a file with --output FILE"),
            (["report", "x", "--output", "s.md"], "--output writes the Markdown statement: add --markdown"),
            (["report", "--project", "p", "--markdown", "--html", "p.html"], "a project report is HTML only")
        ] {
            let result = try CLIRunner.run(arguments + ["--ledger", ledger])
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    /// Every command that reads or writes a user's path says what is wrong with it, naming it,
    /// instead of "NSCocoaErrorDomain error 512".
    @Test func pathProblemsAreNamed() throws {
        let id = try recordBusyRun()
        let dir = folder.path
        let missing = folder.appendingPathComponent("no/such/folder/x").path
        let cases: [([String], String)] = [
            (
                ["report", id, "--html", dir, "--ledger", ledger],
                "cannot write \(dir): it is a folder, not a file; give a file name"
            ),
            (
                ["report", id, "--markdown", "--output", missing, "--ledger", ledger],
                "cannot write \(missing): no such folder \(folder.path)/no/such/folder"
            ),
            (["model", "show", dir], "cannot read model \(dir): it is a folder, not a file"),
            (["model", "show", missing], "cannot read model \(missing): no such file"),
            (
                ["runs", "export", "--format", "csv", "--output", dir, "--ledger", ledger],
                "cannot write \(dir): it is a folder"
            ),
            (["run", "--csv", dir, "--ledger", ledger, "--", "true"], "cannot write \(dir): it is a folder"),
            (["run", "--ledger", dir, "--", "true"], "\(dir): it is a folder"),
            (
                ["run", "--ledger", "/sys/no-such-folder/ledger.sqlite", "--", "true"],
                "/sys/no-such-folder: permission denied"
            ),
            (["runs", "import", dir, "--ledger", ledger], "cannot read \(dir): it is a folder, not a file"),
            (["runs", "import", missing, "--ledger", ledger], "cannot read \(missing): no such file")
        ]
        for (arguments, message) in cases {
            let result = try CLIRunner.run(arguments)
            #expect(result.status == 2 || result.status == 1, "\(arguments): \(result.status)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(
                !result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("SQLite"),
                "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        // --csv is checked before the command starts: nothing ran, nothing was recorded.
        let runs = try CLIRunner.run(["runs", "list", "--json", "--ledger", ledger])
        let listed = try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [Any]
        #expect(listed?.count == 1, "\(runs.stdout)")
    }

    /// A --ledger path that cannot hold a ledger is the user's input to fix: one line, exit 2, for
    /// commands that record and commands that read, and nothing runs.
    @Test func ledgerPathMistakesAreUsageErrors() throws {
        let dir = folder.path
        let readOnly = folder.appendingPathComponent("read-only.sqlite").path
        _ = try recordBusyRun()
        try FileManager.default.copyItem(atPath: ledger, toPath: readOnly)
        #expect(chmod(readOnly, 0o444) == 0)
        let cases: [([String], String)] = [
            (["run", "--ledger", dir, "--", "true"], "\(dir): it is a folder"),
            (["runs", "--ledger", dir], "cannot open the ledger \(dir): it is a folder"),
            (["report", "x", "--ledger", dir], "cannot open the ledger \(dir): it is a folder"),
            (["runs", "delete", "x", "--yes", "--ledger", dir], "cannot open the ledger \(dir): it is a folder"),
            (
                ["run", "--ledger", "/sys/no-such-folder/ledger.sqlite", "--", "true"],
                "/sys/no-such-folder: permission denied"
            ),
            (["run", "--ledger", readOnly, "--", "touch", folder.appendingPathComponent("ran").path], "is read-only")
        ]
        for (arguments, message) in cases where getuid() != 0 || !arguments.contains(readOnly) {
            let result = try CLIRunner.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("; give --ledger ") || result.stderr.contains(", or give --ledger "))
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("ran").path), "the command ran")
    }

    /// A FIFO (or a device) given where a file is read is refused at once, not waited on until a
    /// writer comes: model show, runs import and lab train --spec, through FileProblem.read and the
    /// CSV stream.
    @Test func aFIFOIsRefusedNotWaitedOn() throws {
        let fifo = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // Before the fix the command waited for a writer forever: after a few seconds a writer
        // comes and goes, so that such a regression fails (on an empty read) instead of hanging.
        let unblocker = DispatchWorkItem {
            let writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + 5, execute: unblocker)
        defer { unblocker.cancel() }
        for arguments in [
            ["model", "show", fifo], ["runs", "import", fifo, "--ledger", ledger],
            ["lab", "train", "--spec", fifo], ["model", "show", "/dev/zero"],
            ["runs", "--ledger", fifo], ["report", "x", "--ledger", fifo], ["run", "--ledger", fifo, "--", "true"]
        ] {
            let result = try CLIRunner.run(arguments)
            let path = arguments.contains("/dev/zero") ? "/dev/zero" : fifo
            #expect(result.status == 2, "\(arguments): \(result.status)")
            #expect(result.stderr.contains("\(path): not a regular file"), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }
}
