import Foundation
import Testing

/// Input a hostile tester types: control characters, huge values. Each is one line of error that
/// cannot drive the terminal, with the right exit code, and nothing run or recorded.
@Suite struct HostileInputTests {
    @Test(arguments: [
        (
            ["run", "--region", "\u{1B}[31mred\nsecond line", "--", "true"], 2,
            "unknown region '\\e[31mred\\nsecond line'"
        ),
        (["run", "--pue", "\u{1B}[2Jgoogle", "--", "true"], 2, "--pue '\\e[2Jgoogle' is neither"),
        (["run", "--interval", "1\n2", "--", "true"], 2, "The value '1\\n2' is invalid"),
        (["run", "--", "no\nsuch\u{1B}[31m"], 127, "cannot run 'no\\nsuch\\e[31m': command not found"),
        (["hardware", "show", "a\u{202E}b"], 2, "unknown hardware 'a\\u{202E}b'"),
        // Through a variable, so that a failure does not print 100 kB of arguments.
        (["run", "--", "true"], 2, "FOOTPRINT_REGION: unknown region 'aaaa")
    ])
    func controlCharactersAndHugeValuesAreEscapedOnOneLine(arguments: [String], status: Int32, message: String) throws {
        let huge = arguments == ["run", "--", "true"]
        let result = try CLIRunner.run(
            arguments, environment: huge ? ["FOOTPRINT_REGION": String(repeating: "a", count: 100_000)] : [:])
        if huge { #expect(result.stderr.contains("…' (100,000 characters). Run")) }
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(result.stderr.count < 400)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// Just past a bound once read "must be at most 3,600 s; got 3,600".
    @Test(arguments: [
        (["run", "--interval", "3600.0001", "--", "true"], "--interval must be from 0.05 to 3,600 s; got 3,600.0001"),
        (["monitor", "--duration", "31536001"], "got 31,536,001"),
        (["run", "--pue", "nan", "--", "true"], "got NaN (not a number)")
    ])
    func valuesJustPastABoundAreShownAsGiven(arguments: [String], message: String) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// `--intensity -0` once recorded "co2e_kg": -0.
    @Test func negativeZeroIntensityIsZero() throws {
        let run = try CLIRunner.run(["run", "--json", "--intensity=-0", "--", "true"]).json()
        #expect((run["location"] as? [String: Any])?["intensity_g_per_kwh"] as? Double == 0)
        #expect(!String(describing: run["co2e_kg"] ?? "").hasPrefix("-"))
    }

    /// An Electricity Maps zone has a colon too: `--cloud em:US-CAL-CISO` was taken as a cloud region.
    @Test(arguments: [
        (
            ["run", "--cloud", "em:US-CAL-CISO", "--", "true"], [String: String](),
            "error: --cloud 'em:US-CAL-CISO' is an Electricity Maps zone, not a cloud region; use --region for it"
        ),
        (["run", "--", "true"], ["FOOTPRINT_CLOUD": "em:US-CAL-CISO"], "error: FOOTPRINT_CLOUD 'em:US-CAL-CISO' is a")
    ])
    func cloudTakesOnlyCloudRegions(arguments: [String], environment: [String: String], message: String) throws {
        let result = try CLIRunner.run(arguments, environment: environment)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
    }

    /// `regions list --help` left out world-average, which --kind takes; one region read "1 regions".
    @Test func regionsListHelpNamesEveryKindAndCountsInWords() throws {
        let help = try CLIRunner.run(["regions", "list", "--help"])
        #expect(
            help.stdout.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "  ", with: "").contains(
                "world-average"), "\(help.stdout)")
        let one = try CLIRunner.run(["regions", "list", "--kind", "world-average"])
        #expect(one.stdout.contains("\n1 region. `footprint regions show CODE`"), "\(one.stdout)")
    }

    /// A task line without a newline once hung `footprint run` for ever after the command ended.
    @Test(.timeLimit(.minutes(1)))
    func aTaskLineWithoutANewlineEndsTheRun() throws {
        let run = try CLIRunner.run(["run", "--json", "--", "sh", "-c", "printf 'start last' > \"$FOOTPRINT_TASKS\""])
            .json()
        #expect((run["tasks"] as? [[String: Any]])?.first?["name"] as? String == "last")
    }

    /// The run summary printed a name and task names with terminal escapes and newlines raw.
    @Test func theRunSummaryEscapesNamesAndTaskNames() throws {
        let result = try CLIRunner.run([
            "run", "--name", "evil\u{1B}[31mRED\nsecond line", "--", "sh", "-c",
            "printf 'start t\\033[2J\\n' > \"$FOOTPRINT_TASKS\""
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}"), "\(result.stderr)")
        #expect(result.stderr.hasPrefix("footprint: evil\\e[31mRED\\nsecond line — finished"), "\(result.stderr)")
        #expect(result.stderr.contains("  task       t\\e[2J: "), "\(result.stderr)")
    }

    /// TMPDIR="" once put the task pipe at the root of the file system.
    @Test(arguments: ["", "relative"])
    func anEmptyOrRelativeTMPDIRIsNotUsed(tmpdir: String) throws {
        let result = try CLIRunner.run(
            ["run", "--quiet", "--", "sh", "-c", "echo \"$FOOTPRINT_TASKS\""], environment: ["TMPDIR": tmpdir])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("/tmp/footprint-"), "\(result.stdout)")
    }

    /// A task pipe that cannot be made is footprint's failure (exit 1), said as the pipe's, and the
    /// command is not started.
    @Test func aTaskPipeThatCannotBeMadeIsAFailureOfItsOwn() throws {
        let result = try CLIRunner.run(
            ["run", "--quiet", "--", "sh", "-c", "echo started"], environment: ["TMPDIR": "/nonexistent-footprint-tmp"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(
            result.stderr.hasPrefix("error: cannot create a folder for the task pipe in /nonexistent-footprint-tmp: "),
            "\(result.stderr)")
        #expect(!result.stdout.contains("started"))
    }
}
