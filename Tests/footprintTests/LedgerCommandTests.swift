import Foundation
import Testing

/// The runs commands as a user meets them: read-only ledgers, mistyped paths, re-imports, live
/// runs, hostile names, filters that match nothing, and --json everywhere.
@Suite struct LedgerCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "footprint-ledger-cli-\(UUID().uuidString)")
    var ledger: String { folder.appendingPathComponent("ledger.sqlite").path }
    var env: [String: String] { ["FOOTPRINT_LEDGER": ledger, "FOOTPRINT_DATA_DIR": folder.path] }

    func record(_ arguments: [String] = []) throws {
        let result = try CLIRunner.run(["run", "--quiet"] + arguments + ["--", "true"], environment: env)
        try #require(result.status == 0, "\(result.stderr)")
    }

    func ids() throws -> [String] {
        let listed = try CLIRunner.run(["runs", "--json"], environment: env)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        return rows.compactMap { $0["id"] as? String }
    }

    @Test(arguments: [
        ["runs"], ["runs", "show", "abc"], ["runs", "compare", "a", "b"], ["runs", "export", "--format", "csv"],
        ["report", "abc"], ["runs", "delete", "--yes", "abc"]
    ])
    func aMissingLedgerIsReportedNotCreated(_ command: [String]) throws {
        let path = folder.appendingPathComponent("typo/ledger.sqlite").path
        let result = try CLIRunner.run(command + ["--ledger", path], environment: env)
        #expect(result.status == 2)
        #expect(result.stderr.contains("no ledger at \(path)"), "\(result.stderr)")
        // The ledger says what is missing; the command line says which flag to fix.
        #expect(result.stderr.contains("give --ledger (or FOOTPRINT_LEDGER) the path of an existing ledger"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A new user's first `footprint runs` (no ledger named, none recorded yet) is not an error,
    /// and creates nothing either.
    @Test func aNewUsersFirstListingSaysThereAreNoRunsYet() throws {
        let result = try CLIRunner.run(["runs"], environment: ["FOOTPRINT_DATA_DIR": "", "XDG_DATA_HOME": folder.path])
        #expect(result.status == 0 && result.stdout.hasPrefix("No runs yet"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    /// Re-importing this ledger's own CodeCarbon export adds nothing; the names survive a trip
    /// through another ledger and back.
    @Test func reimportingAnExportAddsNothing() throws {
        try record(["--name", "first", "--project", "p1"])
        try record(["--name", "second"])
        let file = folder.appendingPathComponent("cc.csv").path
        let exported = try CLIRunner.run(
            ["runs", "export", "--format", "codecarbon", "--output", file, "--json"], environment: env)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try exported.json()["rows"] as? Int == 2)
        let again = try CLIRunner.run(["runs", "import", file], environment: env)
        #expect(
            again.stdout.contains("Imported 0 runs") && again.stdout.contains("2 rows were in the ledger already"),
            "\(again.stdout)")
        #expect(try ids().count == 2)
        // Into another ledger: the names and projects come along; a second import adds nothing.
        let other = env.merging(["FOOTPRINT_LEDGER": folder.appendingPathComponent("other.sqlite").path]) { $1 }
        let first = try CLIRunner.run(["runs", "import", file, "--json"], environment: other).json()
        #expect(first["imported"] as? Int == 2)
        let second = try CLIRunner.run(["runs", "import", file, "--json"], environment: other).json()
        #expect(second["imported"] as? Int == 0 && second["already_there"] as? Int == 2)
        let listed = try CLIRunner.run(["runs"], environment: other).stdout
        #expect(listed.contains("first") && listed.contains("p1") && listed.contains("second"), "\(listed)")
        #expect(!listed.contains("codecarbon: "))
    }

    @Test func aRunBeingRecordedCannotBeDeleted() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let live = try CLIRunner.start(["run", "--quiet", "--", "sleep", "5"], environment: env)
        defer { live.terminate(); live.waitUntilExit() }
        var id: String?
        for _ in 0..<100 where id == nil {
            id = (try? ids())?.first
            if id == nil { usleep(20_000) }
        }
        let running = try #require(id)
        let refused = try CLIRunner.run(["runs", "delete", "--yes", running], environment: env)
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains("still recording it") && refused.stderr.split(separator: "\n").count == 1,
            "\(refused.stderr)")
        #expect(try ids() == [running])
    }

    @Test func deleteSaysWhatItDeletedInJSON() throws {
        try record()
        let id = try #require(try ids().first)
        let deleted = try CLIRunner.run(["runs", "delete", "--yes", "--json", String(id.prefix(12))], environment: env)
        #expect(try deleted.json()["deleted"] as? [String] == [id])
    }

    @Test func hostileAndWideNamesKeepTheTableIntact() throws {
        try record(["--name", "evil\u{1B}[31mRED\u{1B}[0m\nsecond line"])
        try record(["--name", "訓練モデル 🚀", "--project", "プロジェクト"])
        try record(["--name", "plain", "--project", "p"])
        let listed = try CLIRunner.run(["runs"], environment: env).stdout
        #expect(!listed.contains("\u{1B}"))
        #expect(listed.contains("evil\\e[31mRED\\e[0m\\nsecond line"))
        let lines = listed.split(separator: "\n")
        #expect(lines.count == 6, "header, rule, three runs, totals: \(listed)")
        let shown = try CLIRunner.run(["runs", "show", try #require(try ids().last)], environment: env).stdout
        #expect(!shown.contains("\u{1B}") && shown.contains("\\e[31m"))
    }

    @Test func filtersThatMatchNothingSaySo() throws {
        try record()
        for filter in [["--project", "nosuch"], ["--since", "2030-01-01"]] {
            let result = try CLIRunner.run(["runs"] + filter, environment: env)
            #expect(
                result.stdout.hasPrefix("No runs ") && result.stdout.contains("the ledger has 1 run in all"),
                "\(result.stdout)")
            #expect(!result.stdout.contains("Measure one"))
        }
    }

    @Test(arguments: [
        "99999999-01-01", "2024-13-01", "yesterday", "1969-12-31", "2024-02-30", "2023-02-29", "2024--01-01",
        "+2024-01-01", "2024-01-01-", ""
    ])
    func badSinceDatesAreRefused(_ date: String) throws {
        try record()
        let result = try CLIRunner.run(["runs", "--since", date], environment: env)
        #expect(result.status == 2 && result.stderr.contains("YYYY-MM-DD"), "\(result.stderr)")
    }

    @Test func aLeapDayIsADate() throws {
        try record()
        #expect(try CLIRunner.run(["runs", "--since", "2024-02-29"], environment: env).status == 0)
    }

    /// An empty id is the start of every id: it names no run, even in a ledger of one.
    @Test func anEmptyIdNamesNoRun() throws {
        try record()
        for command in [
            ["runs", "show", ""], ["runs", "delete", "--yes", ""], ["runs", "compare", "", ""], ["report", ""]
        ] {
            let result = try CLIRunner.run(command, environment: env)
            #expect(
                result.status == 2 && result.stderr.contains("a run id cannot be empty"), "\(command): \(result.stderr)"
            )
        }
        #expect(try ids().count == 1)
    }

    /// Paths that cannot hold a ledger are refused before SQLite sees them: a named pipe used to
    /// block every command until something wrote to it.
    @Test func aLedgerPathThatIsNotAFileIsRefused() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pipe = folder.appendingPathComponent("pipe").path
        try #require(mkfifo(pipe, 0o600) == 0)
        let cases: [(String, String)] = [
            (pipe, "\(pipe): not a regular file but a named pipe"),
            ("/dev/null", "/dev/null: not a regular file but a device"),
            (folder.path, "\(folder.path): it is a folder, not a file"), ("", "the ledger's path is empty")
        ]
        for (path, message) in cases {
            for command in [["runs"], ["runs", "delete", "--yes", "abc"], ["run", "--quiet"]] {
                let result = try CLIRunner.run(
                    command + ["--ledger", path] + (command[0] == "run" ? ["--", "true"] : []),
                    environment: env)
                #expect(result.status == 2 && result.stderr.contains(message), "\(command) \(path): \(result.stderr)")
            }
        }
    }

    /// `--output` naming a device or a named pipe is refused and left as it was: renaming the
    /// finished file over it replaced the node (as root, /dev/full itself became a file).
    @Test func exportIntoADeviceOrPipeIsRefused() throws {
        try record()
        let pipe = folder.appendingPathComponent("pipe").path
        try #require(mkfifo(pipe, 0o600) == 0)
        for (path, kind) in [(pipe, S_IFIFO), ("/dev/null", S_IFCHR)] {
            let result = try CLIRunner.run(["runs", "export", "--format", "csv", "--output", path], environment: env)
            #expect(result.status == 2 && result.stderr.contains("not a regular file"), "\(result.stderr)")
            var info = stat()
            #expect(stat(path, &info) == 0 && info.st_mode & S_IFMT == kind, "\(path) is as it was")
        }
        let empty = try CLIRunner.run(["runs", "export", "--format", "csv", "--output", ""], environment: env)
        #expect(empty.status == 2 && empty.stderr.contains("--output needs a file path"), "\(empty.stderr)")
    }

    /// Through a symbolic link the export replaces the file the link points to and keeps the link.
    @Test func exportThroughALinkKeepsTheLink() throws {
        try record()
        let file = folder.appendingPathComponent("real.csv").path, link = folder.appendingPathComponent("link.csv").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        #expect(
            try CLIRunner.run(["runs", "export", "--format", "csv", "--output", link], environment: env).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == file)
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("id,name,"))
    }

    @Test func theListShowsTheLatestAndCountsTheRest() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("many.csv")
        let rows = (0..<60).map { i in "2024-05-01T12:\(String(format: "%02d", i)):00,p,run-\(i),e,1,0.0000001,0.000001"
        }
        try Data(
            (["timestamp,project_name,run_id,experiment_id,duration,emissions,energy_consumed"] + rows)
                .joined(separator: "\n").utf8
        ).write(to: file)
        #expect(try CLIRunner.run(["runs", "import", file.path], environment: env).status == 0)
        let listed = try CLIRunner.run(["runs"], environment: env).stdout
        #expect(listed.split(separator: "\n").count == 2 + 50 + 2, "\(listed)")
        #expect(listed.contains("… 10 more; --all or --limit N") && listed.contains("60 runs"))
        #expect(try CLIRunner.run(["runs", "--limit", "5"], environment: env).stdout.contains("… 55 more"))
        #expect(!(try CLIRunner.run(["runs", "--all"], environment: env).stdout.contains("more;")))
        #expect(try CLIRunner.run(["runs", "--limit", "0"], environment: env).status == 2)
    }

    @Test func importingAMissingOrBinaryFileCreatesNoLedger() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let binary = folder.appendingPathComponent("binary.csv")
        try Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]).write(to: binary)
        for file in [folder.appendingPathComponent("nosuch.csv").path, binary.path] {
            let result = try CLIRunner.run(["runs", "import", file], environment: env)
            #expect(result.status == 2, "\(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: ledger))
    }

    @Test func exportJSONNeedsAFile() throws {
        try record()
        for output in [folder.path, folder.appendingPathComponent("nosuch/x.csv").path] {
            let refused = try CLIRunner.run(["runs", "export", "--format", "csv", "--output", output], environment: env)
            #expect(refused.status == 2 && refused.stderr.contains("give --output"), "\(refused.stderr)")
        }
        let result = try CLIRunner.run(["runs", "export", "--format", "csv", "--json"], environment: env)
        #expect(result.status == 2 && result.stderr.contains("--output"))
    }

    /// A ledger its reader may not write (file mode 0444 in a folder it may not write) lists.
    /// As root, permissions do not bind: the reader is then run as nobody.
    @Test func aReadOnlyLedgerLists() throws {
        try record(["--name", "kept"])
        let path = ledger
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        var arguments = ["runs", "--ledger", path]
        var executable = CLIRunner.binary.path
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else { return }
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", executable] + arguments
            executable = "/usr/bin/setpriv"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(stderr)")
        #expect(stdout.contains("kept"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix("-shm") }
        #expect(leftovers.isEmpty)
    }
}
