import Foundation
import Testing

@testable import footprint

/// Every estimate input has a plausible range, checked before anything is computed, and no
/// result that is not a finite number is printed, as text or JSON.
@Suite struct EstimateBoundsTests {
    /// "∞ MWh" and "n/a %" in text, and an EncodingError dump for "-nan" with --json, before.
    @Test(arguments: [false, true])
    func astronomicalLifecycleInputsAreRefused(json: Bool) throws {
        let result = try CLIRunner.run(
            ["estimate", "lifecycle", "--inference-energy", "0.5", "--samples", "1e308", "--epochs", "1e308"]
                + (json ? ["--json"] : []))
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty, "nothing printed: \(result.stdout)")
        #expect(
            result.stderr.contains(
                "training samples (D) must be a number greater than 0 and at most 1e+15; got 1e+308"),
            "\(result.stderr)")
    }

    @Test(arguments: [
        (
            ["estimate", "--inference-energy", "0.5", "--samples", "100", "--epochs", "1e7"],
            "epochs (E) must be a number greater than 0 and at most 1,000,000"
        ),
        (
            ["estimate", "--inference-energy", "1e8", "--samples", "100"],
            "--inference-energy must be a number greater than 0 and at most 10,000,000"
        ),
        (
            ["estimate", "--inference-flops", "1e19", "--hardware", "a100", "--samples", "100"],
            "--inference-flops must be a number greater than 0 and at most 1e+18"
        ),
        (
            ["estimate", "--inference-flops", "1e9", "--hardware", "a100", "--samples", "100", "--utilization", "1e-9"],
            "utilization must be at least 0.0001"
        ),
        (
            ["estimate", "--inference-flops", "1e9", "--hardware", "a100", "--samples", "100", "--count", "100000000"],
            "--count must be a whole number from 1 to 10,000,000"
        ),
        (
            ["estimate", "--inference-energy", "0.5", "--samples", "100", "--tuning-runs", "9223372036854775807"],
            "--tuning-runs must be a whole number from 0 to 1,000,000"
        ),
        (
            [
                "estimate", "--inference-energy", "0.5", "--samples", "100", "--tuning-runs", "1", "--tuning-samples",
                "inf"
            ], "training samples (D) must be"
        ),
        (
            ["estimate", "--inference-energy", "0.5", "--samples", "100", "--inferences", "1e19"],
            "inferences (e) must be a number from 0 to 1e+18"
        ),
        (
            ["estimate", "--inference-energy", "0.5", "--samples", "100", "--overhead", "1e6"],
            "overhead β must be from 1"
        ),
        (
            ["estimate", "strubell", "--hours", "1e7", "--total-watts", "100"],
            "hours must be a number greater than 0 and at most 1,000,000"
        ),
        (
            ["estimate", "strubell", "--hours", "1", "--total-watts", "1e10"],
            "total power (W) must be a number greater than 0 and at most 1e+09"
        ),
        (
            ["estimate", "strubell", "--hours", "1", "--gpus", "100000000000", "--gpu-watts", "300"],
            "GPU count must be a whole number from 0 to 10,000,000"
        ),
        (
            ["estimate", "strubell", "--hours", "1", "--gpus", "1", "--gpu-watts", "1e300"],
            "GPU watts must be a number from 0 to 100,000"
        ),
        (
            ["estimate", "strubell", "--hours", "1", "--cpu-watts", "1e6"],
            "CPU watts must be a number from 0 to 100,000"
        ),
        // Parts that add up to nothing say which part is missing, not "total power 0", which nobody typed.
        (
            ["estimate", "strubell", "--hours", "1", "--gpu-watts", "300"],
            "--gpu-watts needs --gpus, the number of GPUs"
        ),
        (["estimate", "strubell", "--hours", "1", "--gpus", "4"], "--gpus 4 needs --gpu-watts"),
        (["estimate", "strubell", "--hours", "1"], "give the power drawn: --total-watts W, or the parts"),
        // compute without --hardware prints no CO2e: a place or PUE given to it was silently ignored.
        (
            [
                "estimate", "compute", "--processors", "1", "--flops-per-second", "1e12", "--hours", "1", "--region",
                "DE"
            ],
            "--region needs --hardware"
        ),
        (
            ["estimate", "compute", "--processors", "1", "--flops-per-second", "1e12", "--hours", "1", "--pue", "1.2"],
            "--pue needs --hardware"
        ),
        (
            ["estimate", "patterson", "--hours", "1", "--processors", "1", "--watts", "1e9"],
            "average watts per processor must be a number greater than 0 and at most 100,000"
        ),
        (
            ["estimate", "patterson", "--hours", "1", "--processors", "0", "--watts", "300"],
            "processor count must be a whole number from 1 to 10,000,000"
        ),
        (
            ["estimate", "green-algorithms", "--hours", "1", "--cores", "2", "--core-watts", "10", "--psf", "1e300"],
            "scaling factor must be a number greater than 0 and at most 1,000,000"
        ),
        (
            [
                "estimate", "green-algorithms", "--hours", "1", "--cores", "2", "--core-watts", "10", "--memory-gb",
                "1e9"
            ], "memory (GB) must be a number from 0 to 10,000,000"
        ),
        (
            [
                "estimate", "green-algorithms", "--hours", "1", "--cores", "2", "--core-watts", "10",
                "--memory-watts-per-gb", "100"
            ], "memory watts per GB must be a number from 0 to 10"
        ),
        (
            ["estimate", "green-algorithms", "--hours", "1", "--cores", "20000000", "--core-watts", "10"],
            "core count must be a whole number from 1 to 10,000,000"
        ),
        (
            ["estimate", "compute", "--processors", "2", "--flops-per-second", "1e308", "--hours", "1"],
            "FLOP/s per processor must be a number greater than 0 and at most 1e+18"
        ),
        (
            ["estimate", "compute", "--processors", "2", "--flops-per-second", "1e12", "--days", "1e308"],
            "--days must be a number greater than 0 and at most 41,666.7"
        ),
        (
            ["estimate", "compute", "--processors", "2", "--flops-per-second", "1e12", "--days", "nan"],
            "--days must be a number greater than 0"
        )
    ])
    func outOfRangeInputsAreRefusedByName(arguments: [String], message: String) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// Every input at its largest together still gives finite figures, printed as JSON numbers.
    @Test func theLargestInputsTogetherStayFinite() throws {
        let result = try CLIRunner.run([
            "estimate", "lifecycle", "--inference-energy", "1e7", "--samples", "1e15", "--epochs", "1e6",
            "--overhead", "1000", "--tuning-runs", "1000000", "--inferences", "1e18",
            "--pue", "3", "--intensity", "2000", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let energy = try #require(json["energy_kwh"] as? Double)
        #expect(energy.isFinite && energy > 1e30)
        let compute = try CLIRunner.run([
            "estimate", "compute", "--processors", "10000000", "--hardware", "h100", "--hours", "1000000",
            "--utilization", "1", "--json"
        ])
        #expect(compute.status == 0, "\(compute.stderr)")
        #expect((try compute.json()["co2e_kg"] as? Double)?.isFinite == true)
    }

    /// The JSON output path's own guard: a value that is not finite is named, and nothing printed.
    @Test func jsonOutputRefusesNonFiniteValues() throws {
        struct Figures: Encodable { var stages: [String: Double] }
        #expect {
            try JSONOutput.print(Figures(stages: ["share": .nan]))
        } throws: { error in
            (error as? CommandFailure)?.message.contains("a result is not a finite number (nan at stages.share)")
                == true
        }
    }
}

/// Sources are cited by authors and year in what users read, never by a seed file's number.
@Suite struct CitationTests {
    @Test func helpAndOutputCiteAuthorsAndYear() throws {
        var texts: [String] = []
        for arguments in [
            ["estimate", "--help"], ["estimate", "lifecycle", "--help"], ["estimate", "compute", "--help"],
            ["lab", "--help"],
            ["estimate", "--inference-energy", "0.5", "--samples", "100"]
        ] {
            let result = try CLIRunner.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            texts.append(result.stdout)
        }
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../README.md"
        ).standardized
        texts.append(try String(contentsOf: readme, encoding: .utf8))
        for text in texts {
            #expect(
                text.range(of: #"seed (paper|\d{3})"#, options: [.regularExpression, .caseInsensitive]) == nil,
                "\(text.prefix(200))")
        }
        #expect(texts[4].contains("Life-cycle estimate (Gitzel et al. 2023: L = CT + T + e · I)"))
        #expect(texts[2].replacingOccurrences(of: "\n", with: " ").contains("Amodei & Hernandez 2018"))
    }
}
