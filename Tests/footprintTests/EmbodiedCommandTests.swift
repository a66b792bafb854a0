import Foundation
import Testing

/// `footprint estimate embodied`, `--embodied` and `--wue` on the estimates, and on runs and their reports.
@Suite struct EmbodiedCommandTests {
    /// Luccioni et al. 2023 (BLOOM): 1,082,990 GPU-hours on 384 A100s in 48 servers → 3.64 t (GPUs),
    /// 7.57 t (servers), 11.2 t, each within 2 %.
    @Test func estimateEmbodiedReproducesBLOOM() throws {
        let result = try CLIRunner.run([
            "estimate", "embodied", "--hardware", "a100-sxm4-80gb", "--count", "384",
            "--hours", "\(1_082_990.0 / 384)", "--servers", "48", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let gpus = try #require(json["accelerators_kg"] as? Double)
        let servers = try #require(json["servers_kg"] as? Double)
        let total = try #require(json["embodied_kg"] as? Double)
        #expect(abs(gpus / 3_640 - 1) < 0.02)
        #expect(abs(servers / 7_570 - 1) < 0.02)
        #expect(abs(total / 11_200 - 1) < 0.02)
        let accelerators = try #require(json["accelerators"] as? [String: Any])
        #expect(accelerators["per_device_kg"] as? Double == 150)
        #expect(accelerators["lifespan_years"] as? Double == 6)
        #expect(accelerators["utilization"] as? Double == 0.85)
        #expect((accelerators["source"] as? String)?.contains("Luccioni et al. 2023") == true)
    }

    @Test func estimateEmbodiedTextNamesTheAssumptions() throws {
        let result = try CLIRunner.run([
            "estimate", "embodied", "--hardware", "h100-sxm", "--count", "16", "--hours", "100"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        // 16 GPUs in 2 servers by default (8 a server).
        #expect(result.stdout.contains("16 × 100 h × 150 kg ÷ (6 years × 8,760 h × 0.85)"), "\(result.stdout)")
        #expect(result.stdout.contains("2 × 100 h × 2,500 kg"), "\(result.stdout)")
        #expect(result.stdout.contains("Luccioni et al. 2023"))
    }

    @Test func flagsReplaceTheDefaultsAndDieAreaUsesLLMCarbon() throws {
        let given = try CLIRunner.run([
            "estimate", "embodied", "--hardware", "a100", "--count", "8", "--hours", "8760", "--servers", "0",
            "--device-kg", "300", "--lifespan-years", "4", "--lifetime-utilization", "0.5", "--json"
        ])
        #expect(given.status == 0, "\(given.stderr)")
        let json = try given.json()
        // 8 × 8,760 h × 300 kg ÷ (4 × 8,760 × 0.5) = 1,200 kg.
        #expect(abs((json["embodied_kg"] as? Double ?? 0) - 1_200) < 1e-6)
        #expect(json["servers_kg"] as? Double == 0)
        let die = try CLIRunner.run([
            "estimate", "embodied", "--hardware", "a100-sxm4-80gb", "--hours", "52560", "--servers", "0",
            "--lifetime-utilization", "1", "--die-area", "--json"
        ])
        #expect(die.status == 0, "\(die.stderr)")
        // A whole life of one die: 826 mm² × 1.6 kg/cm².
        #expect(abs((try die.json()["embodied_kg"] as? Double ?? 0) - 13.216) < 1e-9)
        let unpublished = try CLIRunner.run([
            "estimate", "embodied", "--hardware", "t4", "--hours", "1", "--die-area"
        ])
        #expect(unpublished.status == 2 && unpublished.stderr.contains("no published die area"))
    }

    @Test func machinesFromBoaviztaCarryTheirOwnLife() throws {
        let result = try CLIRunner.run(["estimate", "embodied", "--hardware", "laptop", "--hours", "1051.2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        // 181 kg over 4 years at 0.3: 1,051.2 h is a tenth of its 10,512 working hours.
        #expect(abs((json["embodied_kg"] as? Double ?? 0) - 18.1) < 1e-9)
        #expect(json["accelerators_kg"] as? Double == 0)
    }

    @Test func badInputIsOneLineAndExitTwo() throws {
        let cases: [([String], String)] = [
            (["--hardware", "a1000", "--hours", "1"], "did you mean"),
            (["--hardware", "labtop", "--hours", "1"], "laptop"),
            (["--hardware", "a100", "--hours", "1", "--count", "0"], "--count"),
            (["--hardware", "a100", "--hours", "1e9"], "--hours"),
            (["--hardware", "a100", "--hours", "1", "--lifespan-years", "500"], "--lifespan-years"),
            (["--hardware", "a100", "--hours", "1", "--lifetime-utilization", "2"], "--lifetime-utilization"),
            (["--hardware", "a100", "--hours", "1", "--device-kg", "1e9"], "--device-kg"),
            (["--hardware", "laptop", "--hours", "1", "--servers", "2"], "--servers is for accelerators")
        ]
        for (arguments, expected) in cases {
            let result = try CLIRunner.run(["estimate", "embodied"] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }

    @Test func embodiedAndWaterSitBesideTheEnergyOfAnEstimate() throws {
        let result = try CLIRunner.run([
            "estimate", "patterson", "--hours", "355.2", "--processors", "10000", "--watts", "330", "--pue", "1.1",
            "--intensity", "429", "--embodied", "--wue", "microsoft-2024", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        // The energy's CO2e is as without --embodied: nothing is added to it.
        #expect(abs((json["co2e_kg"] as? Double ?? 0) / 552_000 - 1) < 0.0025)
        let embodied = try #require(json["embodied"] as? [String: Any])
        // 10,000 GPUs in 1,250 servers for 355.2 h.
        let kilograms: Double = 10_000 * 150 + 1_250 * 2_500
        let workingHours: Double = 6 * 8_760 * 0.85
        let expected = 355.2 * kilograms / workingHours
        #expect(abs((embodied["embodied_kg"] as? Double ?? 0) / expected - 1) < 1e-9)
        let water = try #require(json["water"] as? [String: Any])
        let itKWh = try #require(json["it_energy_kwh"] as? Double)
        #expect(abs((water["litres"] as? Double ?? 0) - 0.30 * itKWh) < 1e-6)
        let text = try CLIRunner.run([
            "estimate", "strubell", "--hours", "12", "--gpus", "8", "--gpu-watts", "150", "--embodied", "--wue", "0.5"
        ])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("not in the CO2e above"))
        #expect(text.stdout.contains("water"))
        let orphan = try CLIRunner.run([
            "estimate", "patterson", "--hours", "1", "--processors", "1", "--watts", "300", "--device-kg", "100"
        ])
        #expect(orphan.status == 2 && orphan.stderr.contains("--device-kg needs --embodied"))
        let badWUE = try CLIRunner.run([
            "estimate", "green-algorithms", "--hours", "1", "--cores", "4", "--core-watts", "10", "--wue", "aws-1999"
        ])
        #expect(badWUE.status == 2 && badWUE.stderr.contains("presets: aws-2021"), "\(badWUE.stderr)")
    }

    @Test func hardwareEmbodiedListsDevicesDiesAndWaterWithSources() throws {
        let result = try CLIRunner.run(["hardware", "embodied", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let devices = try #require(json["devices"] as? [[String: Any]])
        #expect(devices.contains { $0["id"] as? String == "bloom-server" && $0["embodied_kg"] as? Double == 2_500 })
        let dies = try #require(json["dies"] as? [[String: Any]])
        // LLMCarbon's own figure for the V100: 815 mm² × 1.2 kg/cm² = 9.78 kg.
        let v100 = try #require(dies.first { $0["accelerator"] as? String == "v100-sxm2" })
        #expect(abs((v100["embodied_kg"] as? Double ?? 0) - 9.78) < 1e-9)
        let presets = try #require(json["wue_presets"] as? [[String: Any]])
        #expect(presets.allSatisfy { !($0["source"] as? String ?? "").isEmpty })
        let text = try CLIRunner.run(["hardware", "embodied"])
        #expect(text.status == 0 && text.stdout.contains("laptop-personal") && text.stdout.contains("meta-2021"))
    }

    @Test func computeShowsEmbodiedForItsProcessors() throws {
        let result = try CLIRunner.run([
            "estimate", "compute", "--processors", "8", "--hardware", "a100", "--hours", "10", "--pue", "1",
            "--region", "FR", "--embodied", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let embodied = try #require(try result.json()["embodied"] as? [String: Any])
        let kilograms: Double = 8 * 150 + 1 * 2_500
        let workingHours: Double = 6 * 8_760 * 0.85
        let expected = 10 * kilograms / workingHours
        #expect(abs((embodied["embodied_kg"] as? Double ?? 0) / expected - 1) < 1e-9)
    }

    /// The life cycle's stages take the processors' time their FLOP-based energy says (IT energy ÷
    /// count × TDP): the final training's hours are the estimate's own training time.
    @Test func lifecycleShowsEmbodiedForEachStagesTimeOnItsProcessors() throws {
        let result = try CLIRunner.run([
            "estimate", "lifecycle", "--inference-flops", "2e10", "--hardware", "a100", "--count", "8",
            "--samples", "1e9", "--epochs", "3", "--tuning-runs", "2", "--inferences", "1e11", "--embodied", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let embodied = try #require(json["embodied"] as? [String: Any])
        let stages = try #require(embodied["stages_kg"] as? [String: Double])
        let hours = try #require(embodied["hours"] as? Double)
        let training = try #require(json["training_duration_s"] as? Double) / 3_600
        // Two tuning runs like the final one, and the inferences: 1e11 × 2e10 FLOP over β · 1e9 · 3 · 2e10.
        let inference = training * 1e11 / (5 * 1e9 * 3)
        #expect(abs(hours / (3 * training + inference) - 1) < 1e-9)
        let perHour = (8 * 150 + 2_500) / (6 * 8_760 * 0.85)
        #expect(abs((stages["training"] ?? 0) / (training * perHour) - 1) < 1e-9)
        #expect(abs((stages["search"] ?? 0) / (2 * training * perHour) - 1) < 1e-9)
        #expect(abs((embodied["embodied_kg"] as? Double ?? 0) / (hours * perHour) - 1) < 1e-9)
    }

    @Test func lifecycleEmbodiedNeedsFLOPBasedInference() throws {
        let measured = try CLIRunner.run([
            "estimate", "lifecycle", "--inference-energy", "2", "--samples", "1e6", "--embodied"
        ])
        #expect(measured.status == 2)
        #expect(measured.stderr.contains("needs FLOP-based I"), "\(measured.stderr)")
        let orphan = try CLIRunner.run([
            "estimate", "lifecycle", "--inference-flops", "2e10", "--hardware", "a100", "--samples", "1e6",
            "--server-kg", "100"
        ])
        #expect(orphan.status == 2 && orphan.stderr.contains("--server-kg needs --embodied"), "\(orphan.stderr)")
    }
}

/// `run --embodied` and `report --embodied`, worked out from the run's record.
@Suite(.serialized) struct EmbodiedRunTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-embodied-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    var ledger: String { folder.appendingPathComponent("ledger.sqlite").path }

    @Test func runAndReportShowEmbodiedBesideOperational() throws {
        let run = try CLIRunner.run([
            "run", "--json", "--ledger", ledger, "--interval", "0.1", "--country", "FR", "--embodied",
            "--embodied-machine", "laptop", "--wue", "0.3", "--", "sleep", "0.3"
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let json = try run.json()
        let id = try #require(json["run_id"] as? String)
        let duration = try #require(json["duration_s"] as? Double)
        let embodied = try #require(json["embodied"] as? [String: Any])
        // No GPU here (the test machines have none): the laptop alone, 181 kg over 4 years at 0.3.
        let workingHours: Double = 4 * 8_760 * 0.3
        let expected = 181 * duration / 3_600 / workingHours
        #expect(abs((embodied["embodied_kg"] as? Double ?? 0) / expected - 1) < 1e-9)
        #expect(json["co2e_kg"] != nil && json["water"] != nil)

        let report = try CLIRunner.run([
            "report", id, "--json", "--ledger", ledger, "--embodied", "--embodied-machine", "laptop"
        ])
        #expect(report.status == 0, "\(report.stderr)")
        let reported = try #require(try report.json()["embodied"] as? [String: Any])
        #expect(abs((reported["embodied_kg"] as? Double ?? 0) / expected - 1) < 1e-9)

        let text = try CLIRunner.run(["report", id, "--ledger", ledger, "--embodied"])
        #expect(text.status == 0 && text.stdout.contains("embodied"), "\(text.stdout)")
        let markdown = try CLIRunner.run([
            "report", id, "--ledger", ledger, "--markdown", "--embodied", "--wue", "aws-2021"
        ])
        #expect(markdown.status == 0)
        #expect(
            markdown.stdout.contains("Embodied CO2e (not in CO2e)")
                && markdown.stdout.contains("Luccioni et al. (2023)"))
        #expect(markdown.stdout.contains("Water (on site)"))
        let html = folder.appendingPathComponent("r.html").path
        let page = try CLIRunner.run(["report", id, "--ledger", ledger, "--html", html, "--embodied"])
        #expect(page.status == 0)
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("Embodied CO2e"))
        // Without --embodied, the reports are as they were.
        let plain = try CLIRunner.run(["report", id, "--json", "--ledger", ledger])
        #expect(try plain.json()["embodied"] == nil)
    }

    @Test func badRunOptionsStopBeforeTheCommandRuns() throws {
        let marker = folder.appendingPathComponent("ran").path
        let result = try CLIRunner.run([
            "run", "--ledger", ledger, "--embodied", "--embodied-machine", "toaster", "--", "touch", marker
        ])
        #expect(result.status == 2 && result.stderr.contains("not a machine"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker))
        let orphan = try CLIRunner.run(["run", "--ledger", ledger, "--server-kg", "10", "--", "touch", marker])
        #expect(orphan.status == 2 && orphan.stderr.contains("needs --embodied"))
        #expect(!FileManager.default.fileExists(atPath: marker))
    }
}
