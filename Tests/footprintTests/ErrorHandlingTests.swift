import Foundation
import Testing

/// Every bad input gets one line on stderr that says what to do, exit code 2, and no stack trace.
@Suite struct ErrorHandlingTests {
    @Test(arguments: [
        (["regions", "show", "Germny"], "did you mean DE (Germany)"),
        (["hardware", "show", "a1000"], "did you mean"),
        (["regions", "show", "Narnia"], "unknown region 'Narnia'. Run `footprint regions list` for the known codes"),
        (["hardware", "show", "abacus"], "unknown hardware 'abacus'. Run `footprint hardware list`"),
        (["regions", "list", "--kind", "moon"], "; got 'moon'."),
        (["regions", "show", ""], "unknown region ''. Run"),
        (["hardware", "show", " "], "unknown hardware ' '. Run"),
        (["estimate", "strubell", "--hours", "-5", "--total-watts", "100"], "hours must be a number greater than 0"),
        (["estimate", "strubell", "--hours", "0", "--total-watts", "100"], "hours must be a number greater than 0"),
        (["estimate", "strubell", "--hours", "nan", "--total-watts", "100"], "hours must be a number greater than 0"),
        (
            ["estimate", "patterson", "--hours", "1", "--processors", "2", "--watts", "300", "--region", "Atlantis"],
            "unknown region"
        ),
        (
            ["estimate", "patterson", "--hours", "1", "--processors", "2", "--watts", "300", "--pue", "0.8"],
            "--pue must be from 1 to 3"
        ),
        (
            ["estimate", "patterson", "--hours", "1", "--processors", "2", "--watts", "300", "--pue", "cloudy"],
            "neither a number"
        ),
        (
            [
                "estimate", "patterson", "--hours", "1", "--processors", "2", "--watts", "300", "--region", "DE",
                "--intensity", "3"
            ], "not --region and --intensity"
        ),
        (["estimate", "--samples", "100"], "give one of --model"),
        (["estimate", "--inference-flops", "1e9", "--samples", "100"], "needs --hardware"),
        (["estimate", "--inference-energy", "1", "--samples", "-100"], "training samples (D) must be"),
        (
            ["estimate", "--inference-flops", "1e9", "--hardware", "tpu v3", "--precision", "fp32", "--samples", "1"],
            "no published fp32 peak; use --precision "
        ),
        (
            ["estimate", "--inference-flops", "1e9", "--hardware", "a100", "--precision", "int4", "--samples", "1"],
            "--precision must be fp32, tf32, fp16, bf16 or fp8; got 'int4'"
        ),
        (
            ["estimate", "compute", "--processors", "8", "--hardware", "a100", "--precision", "int4", "--hours", "1"],
            "--precision must be fp32, tf32, fp16, bf16 or fp8; got 'int4'"
        ),
        (
            ["estimate", "--model", "/nonexistent.json", "--hardware", "a100", "--samples", "1"],
            "cannot read model /nonexistent.json"
        ),
        (["model", "show", "/nonexistent.json"], "cannot read model /nonexistent.json"),
        (["estimate", "strubell"], "Missing expected argument '--hours"),
        (["estimate", "patterson", "--hours", "abc"], "abc"),
        (["frobnicate"], "Unexpected argument"),
        (["help", "nosuch"], "no command 'footprint nosuch'; the commands of footprint are run, monitor"),
        (
            ["help", "runs", "nosuch"],
            "no command 'footprint runs nosuch'; the commands of footprint runs are list, show"
        )
    ])
    func badInputIsOneLineWithExitCode2(arguments: [String], message: String) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 2, "\(arguments): status \(result.status)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func malformedSpecIsOneLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("bad.json")
        try Data(#"{"input": [1, 8, 8], "layers": [{"type": "dense", "units": 10}]}"#.utf8).write(to: spec)
        let result = try CLIRunner.run(["model", "show", spec.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("add a flatten layer"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func helpAndVersionSucceed() throws {
        let help = try CLIRunner.run(["estimate", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("lifecycle"))
        for topic in [["help"], ["help", "runs", "show"], ["help", "lab", "train"], ["help", "help"]] {
            let help = try CLIRunner.run(topic)
            #expect(help.status == 0, "\(topic)")
            #expect(help.stdout.contains("USAGE"), "\(topic)")
        }
        let version = try CLIRunner.run(["--version"])
        #expect(version.status == 0)
        #expect(!version.stdout.isEmpty)
    }
}
