import Foundation
import Testing

@Suite struct EstimateCommandTests {
    @Test func strubellReproducesTransformerBig() throws {
        let result = try CLIRunner.run(["estimate", "strubell", "--hours", "84", "--total-watts", "1515.43", "--json"])
        #expect(result.status == 0)
        let json = try result.json()
        #expect(((json["energy_kwh"] as? Double) ?? 0).rounded() == 201)
        #expect(((json["co2e_lb"] as? Double) ?? 0).rounded() == 192)
        #expect(json["pue"] as? Double == 1.58)
    }

    @Test func strubellFromComponentsInText() throws {
        let result = try CLIRunner.run([
            "estimate", "strubell", "--hours", "12", "--gpus", "8", "--gpu-watts", "150",
            "--cpu-watts", "200", "--ram-watts", "15.78"
        ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("26.8 kWh at the facility"))
        #expect(result.stdout.contains("25.6 lb"))
    }

    @Test func pattersonReproducesGPT3() throws {
        let result = try CLIRunner.run([
            "estimate", "patterson", "--hours", "355.2", "--processors", "10000",
            "--watts", "330", "--pue", "1.1", "--intensity", "429", "--json"
        ])
        #expect(result.status == 0)
        let json = try result.json()
        let energy = try #require(json["energy_kwh"] as? Double)
        let co2e = try #require(json["co2e_kg"] as? Double)
        #expect(abs(energy / 1_287_000 - 1) < 0.0025)
        #expect(abs(co2e / 552_000 - 1) < 0.0025)
        let location = try #require(json["location"] as? [String: Any])
        #expect(location["intensity_g_per_kwh"] as? Double == 429)
    }

    @Test func computeReproducesAlexNet() throws {
        let result = try CLIRunner.run([
            "estimate", "compute", "--processors", "2", "--flops-per-second", "1.58e12",
            "--days", "5.5", "--utilization", "0.33", "--json"
        ])
        #expect(result.status == 0)
        let json = try result.json()
        #expect(abs(try #require(json["flops"] as? Double) / 4.96e17 - 1) < 0.001)
        #expect(abs(try #require(json["pf_s_days"] as? Double) / 5.74e-3 - 1) < 0.001)
    }

    @Test func computeWithHardwareAddsEnergyAtTDP() throws {
        let result = try CLIRunner.run([
            "estimate", "compute", "--processors", "8", "--hardware", "a100",
            "--hours", "10", "--pue", "1", "--region", "FR", "--json"
        ])
        #expect(result.status == 0)
        let json = try result.json()
        #expect(json["flops_per_second"] as? Double == 19.5e12)
        #expect(abs(try #require(json["energy_kwh"] as? Double) - 8 * 0.4 * 10) < 1e-9)
    }

    @Test func greenAlgorithmsDefaults() throws {
        let result = try CLIRunner.run([
            "estimate", "green-algorithms", "--hours", "12", "--cores", "8",
            "--core-watts", "10", "--usage", "0.5", "--memory-gb", "32", "--json"
        ])
        #expect(result.status == 0)
        let json = try result.json()
        #expect(abs(try #require(json["energy_kwh"] as? Double) - 1.0404768) < 1e-9)
        #expect(json["pue"] as? Double == 1.67)
        let location = try #require(json["location"] as? [String: Any])
        #expect((location["name"] as? String)?.contains("world average (Green Algorithms default)") == true)
        // The calculator's own default, labelled as such: not Footprint's world average.
        #expect(location["intensity_g_per_kwh"] as? Double == 475)
        #expect((location["source"] as? String)?.contains("IEA Global Energy & CO2 Status Report 2019") == true)
    }

    @Test func otherMethodsFallBackToTheCountryTablesWorldAverage() throws {
        let result = try CLIRunner.run([
            "estimate", "patterson", "--hours", "1", "--processors", "1", "--watts", "100",
            "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let location = try #require(try result.json()["location"] as? [String: Any])
        #expect(location["intensity_g_per_kwh"] as? Double == 480.6)
        #expect((location["source"] as? String)?.hasPrefix("Our World in Data / Ember 2023") == true)
    }

    @Test func lifecycleIsTheDefaultAndReportsEveryStage() throws {
        let spec = CLIRunner.examples.appendingPathComponent("mlp-10x100.json").path
        let result = try CLIRunner.run([
            "estimate", "--model", spec, "--hardware", "t4", "--samples", "100000",
            "--epochs", "10", "--tuning-runs", "20", "--inferences", "1e9",
            "--region", "DE", "--json"
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try result.json()
        let stages = try #require(json["stages"] as? [String: [String: Any]])
        #expect(Set(stages.keys) == ["search", "training", "inference"])
        let search = try #require(stages["search"]?["energy_kwh"] as? Double)
        let training = try #require(stages["training"]?["energy_kwh"] as? Double)
        let inference = try #require(stages["inference"]?["energy_kwh"] as? Double)
        #expect(abs(search / training - 20) < 1e-9)
        #expect(abs(try #require(json["energy_kwh"] as? Double) - (search + training + inference)) < 1e-9)
        let co2e = try #require(json["co2e_kg"] as? Double)
        let location = try #require(json["location"] as? [String: Any])
        #expect(location["code"] as? String == "DE")
        let intensity = try #require(location["intensity_g_per_kwh"] as? Double)
        #expect(abs(co2e - (search + training + inference) * intensity / 1_000) < 1e-9)
        #expect(json["dominant_stage"] as? String == "inference")
        let model = try #require(json["inference"] as? [String: Any])
        #expect(model["parameters"] as? Int == 98_410)
        #expect((json["basis"] as? String)?.hasPrefix("uncalibrated (β = 5): ") == true)
    }

    @Test func lifecycleTextNamesWhatDominates() throws {
        let result = try CLIRunner.run([
            "estimate", "lifecycle", "--inference-energy", "0.5", "--samples", "60000",
            "--epochs", "20", "--tuning-runs", "50", "--region", "FR", "--pue", "google"
        ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Architecture search (CT) dominates"))
        #expect(result.stdout.contains("FR (France)"))
        #expect(result.stdout.contains("google: Google fleet"))
    }

    @Test func environmentFallsBehindFlags() throws {
        let fromEnvironment = try CLIRunner.run(
            ["estimate", "patterson", "--hours", "1", "--processors", "1", "--watts", "1000", "--json"],
            environment: ["FOOTPRINT_REGION": "SE1", "FOOTPRINT_PUE": "1.2"])
        let json = try fromEnvironment.json()
        #expect(json["pue"] as? Double == 1.2)
        #expect((json["location"] as? [String: Any])?["code"] as? String == "SE1")
        let flagWins = try CLIRunner.run(
            [
                "estimate", "patterson", "--hours", "1", "--processors", "1", "--watts", "1000", "--region", "PL",
                "--json"
            ],
            environment: ["FOOTPRINT_REGION": "SE1"])
        #expect((try flagWins.json()["location"] as? [String: Any])?["code"] as? String == "PL")
    }
}
