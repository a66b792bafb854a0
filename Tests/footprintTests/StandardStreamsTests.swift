import Foundation
import Testing

/// footprint with its standard streams closed, full or cut off: never a crash, never a wrong exit code.
@Suite struct StandardStreamsTests {
    /// Runs `script` in sh with `$F` the footprint binary and a ledger of its own; returns the exit
    /// status the script ends with and its stderr.
    func shell(_ script: String) throws -> (status: Int32, stderr: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-streams-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        // SIGPIPE at its default, whatever this test process has: NIO (the PostgreSQL ledger's
        // tests, in the same process) ignores it for the whole process, and a child inherits that.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["--default-signal=PIPE", "/bin/sh", "-c", script]
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("FOOTPRINT_") }
        environment["F"] = CLIRunner.binary.path
        environment["FOOTPRINT_LEDGER"] = folder.appendingPathComponent("ledger.sqlite").path
        environment["FOOTPRINT_DATA_DIR"] = folder.path
        environment["XDG_CONFIG_HOME"] = folder.appendingPathComponent("config").path
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: err, encoding: .utf8), folder)
    }

    /// A closed or full stderr once trapped in the summary's write (exit 132, the command's code lost).
    @Test(arguments: ["2>&-", "2>/dev/full"])
    func unwritableStandardErrorKeepsTheCommandsExitCode(redirection: String) throws {
        let result = try shell("\"$F\" run --csv run.csv -- sh -c 'exit 3' \(redirection)")
        #expect(result.status == 3, "\(result.stderr)")
        // Nothing meant for stderr landed in a file footprint opened on the free descriptor.
        let csv = try String(contentsOf: result.folder.appendingPathComponent("run.csv"), encoding: .utf8)
        #expect(!csv.contains("footprint:"))
    }

    /// Output that cannot be written is a one-line error and a failure, not a silent success.
    @Test(arguments: [["regions", "list", "--json"], ["run", "--json", "--", "true"]])
    func fullStandardOutputIsAnError(arguments: [String]) throws {
        let result = try shell("\"$F\" \(arguments.joined(separator: " ")) > /dev/full")
        #expect(result.status == 1)
        #expect(
            result.stderr == "error: cannot write the output to stdout: No space left on device\n", "\(result.stderr)")
    }

    /// A reader that goes away (`| head`) once killed footprint with SIGPIPE (141) after the run, the
    /// command's exit code lost; now footprint passes the code on, and the list commands succeed.
    @Test func readerThatGoesAwayIsNotAFailure() throws {
        let run = try shell("(\"$F\" run --json -- sh -c 'sleep 0.2; exit 3'; echo $? > code) | true; exit $(cat code)")
        #expect(run.status == 3, "\(run.stderr)")
        let list = try shell("(\"$F\" hardware list --cpus; echo $? > code) | head -c 1 > /dev/null; exit $(cat code)")
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stderr.isEmpty)
    }

    /// footprint ignores SIGPIPE for itself; the command gets the disposition footprint was started with.
    @Test func commandGetsTheSIGPIPEDispositionFootprintWasStartedWith() throws {
        let script =
            "\"$F\" run --quiet -- sh -c 'grep SigIgn /proc/self/status > default'; "
            + "(trap '' PIPE; \"$F\" run --quiet -- sh -c 'grep SigIgn /proc/self/status > ignored')"
        let result = try shell(script)
        #expect(result.status == 0, "\(result.stderr)")
        func ignoresSIGPIPE(_ file: String) throws -> Bool {
            let line = try String(contentsOf: result.folder.appendingPathComponent(file), encoding: .utf8)
            let mask = UInt64(
                line.split(separator: "\t").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "", radix: 16)
            return (try #require(mask) >> (UInt64(SIGPIPE) - 1)) & 1 == 1
        }
        #expect(try !ignoresSIGPIPE("default"))
        #expect(try ignoresSIGPIPE("ignored"))
    }
}
