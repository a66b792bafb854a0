import Foundation
import Testing

/// Every number `run` and `monitor` take is bounded and checked before the command starts or a ledger
/// row is written: one line, exit code 2, no child, no ledger.
@Suite struct MeterBoundsTests {
    /// A fresh folder with a ledger path that does not exist yet, and a marker the command would create.
    struct Scene {
        let folder: URL
        var ledger: String { folder.appendingPathComponent("ledger.sqlite").path }
        var marker: String { folder.appendingPathComponent("ran").path }

        init(toml: String? = nil) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "footprint-bounds-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if let toml { try Data(toml.utf8).write(to: folder.appendingPathComponent("footprint.toml")) }
        }

        /// Runs footprint in the folder and checks the refusal: exit 2, one line, nothing started or recorded.
        func expectRefused(
            _ arguments: [String], environment: [String: String] = [:], saying message: String,
            sourceLocation: SourceLocation = #_sourceLocation
        ) throws {
            let result = try CLIRunner.run(
                arguments + ["--ledger", ledger] + (arguments.first == "run" ? ["--", "touch", marker] : []),
                environment: environment, in: folder)
            #expect(
                result.status == 2, "\(arguments): status \(result.status) \(result.stderr)",
                sourceLocation: sourceLocation)
            #expect(
                result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)",
                sourceLocation: sourceLocation)
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
            #expect(
                !FileManager.default.fileExists(atPath: marker), "\(arguments): the command ran",
                sourceLocation: sourceLocation)
            #expect(
                !FileManager.default.fileExists(atPath: ledger), "\(arguments): a ledger was written",
                sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        (["run", "--interval", "1e308"], "--interval must be from 0.05 to 3,600 s; got 1e+308"),
        (["run", "--interval", "3e6"], "--interval must be from 0.05 to 3,600 s; got 3,000,000"),
        (["run", "--interval", "0.01"], "--interval must be from 0.05 to 3,600 s"),
        (["run", "--interval", "nan"], "--interval must be from 0.05"),
        (["monitor", "--interval", "1e308"], "--interval must be from 0.05 to 3,600 s"),
        (
            ["monitor", "--duration", "1e308"],
            "--duration must be more than 0 and at most 31,536,000 s (365 days at most); got 1e+308"
        ),
        (["monitor", "--duration", "0"], "--duration must be more than 0"),
        (["run", "--pue", "1e308"], "--pue must be from 1 to 3 (facility energy ÷ IT energy); got 1e+308"),
        (["run", "--pue", "1000"], "--pue must be from 1 to 3"),
        (["monitor", "--pue", "0.9"], "--pue must be from 1 to 3"),
        (["run", "--intensity", "5000"], "--intensity must be from 0 to 2,000 g CO2e/kWh; got 5,000"),
        (["run", "--intensity", "-1"], "--intensity must be from 0 to 2,000"),
        (["run", "--cpu-tdp", "1e308"], "--cpu-tdp must be from 0.5 to 1,000 W; got 1e+308"),
        (["run", "--cpu-tdp", "0"], "--cpu-tdp must be from 0.5 to 1,000 W")
    ])
    func flagsOutOfRange(arguments: [String], message: String) throws {
        try Scene().expectRefused(arguments, saying: message)
    }

    @Test(arguments: [
        ("interval = 1e308\n", "./footprint.toml: interval must be from 0.05 to 3,600 s; got 1e+308"),
        ("interval = 'soon'\n", "./footprint.toml: interval must be a number of seconds; got 'soon'"),
        ("pue = 1000\n", "./footprint.toml: pue must be from 1 to 3"),
        ("pue = \"abc\"\n", "./footprint.toml: pue 'abc' is neither a number from 1 to 3 nor a preset"),
        ("intensity = 1e308\n", "./footprint.toml: intensity must be from 0 to 2,000 g CO2e/kWh"),
        ("cpu_tdp = 5000\n", "./footprint.toml: cpu_tdp must be from 0.5 to 1,000 W")
    ])
    func fileValuesOutOfRangeNameTheFileAndKey(toml: String, message: String) throws {
        try Scene(toml: toml).expectRefused(["run"], saying: message)
        try Scene(toml: toml).expectRefused(["monitor", "--duration", "1"], saying: message)
    }

    @Test(arguments: [
        ("FOOTPRINT_INTERVAL", "1e308", "FOOTPRINT_INTERVAL must be from 0.05 to 3,600 s"),
        ("FOOTPRINT_PUE", "1000", "FOOTPRINT_PUE must be from 1 to 3"),
        ("FOOTPRINT_PUE", "abc", "FOOTPRINT_PUE 'abc' is neither a number"),
        ("FOOTPRINT_INTENSITY", "2001", "FOOTPRINT_INTENSITY must be from 0 to 2,000"),
        ("FOOTPRINT_CPU_TDP", "x", "FOOTPRINT_CPU_TDP must be a number of watts; got 'x'")
    ])
    func environmentValuesOutOfRange(variable: String, value: String, message: String) throws {
        try Scene().expectRefused(["run"], environment: [variable: value], saying: message)
    }

    @Test func estimatesShareThePhysicalBounds() throws {
        let base = ["estimate", "patterson", "--hours", "1", "--processors", "1", "--watts", "100"]
        for (extra, message) in [
            (["--pue", "1000"], "--pue must be from 1 to 3"),
            (["--intensity", "1e308"], "--intensity must be from 0 to 2,000")
        ] {
            let result = try CLIRunner.run(base + extra)
            #expect(result.status == 2)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }

    @Test func limitsAreDocumentedInHelp() throws {
        let run = try CLIRunner.run(["run", "--help"])
        for text in ["0.05 to 3600", "1 to 3", "0 to 2,000", "0.5 to 1000", "share of the chip"] {
            #expect(run.stdout.contains(text), "run --help lacks \(text)")
        }
        let monitor = try CLIRunner.run(["monitor", "--help"])
        #expect(monitor.stdout.contains("31536000"))
    }
}
