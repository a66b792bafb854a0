import Foundation
import Testing

@Suite struct CatalogCommandTests {
    @Test func hardwareListAndShow() throws {
        let list = try CLIRunner.run(["hardware", "list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("NVIDIA H100 SXM"))
        let show = try CLIRunner.run(["hardware", "show", "H100 SXM", "--json"])
        let json = try show.json()
        #expect(json["tdp_watts"] as? Double == 700)
        #expect((json["peak_tflops"] as? [String: Double])?["fp16"] == 989.5)
        let cpu = try CLIRunner.run(["hardware", "show", "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz"])
        #expect(cpu.status == 0)
        #expect(cpu.stdout.contains("150 W"))
    }

    @Test func regionsListShowAndPUE() throws {
        let list = try CLIRunner.run(["regions", "list", "--kind", "nordic-zone", "--json"])
        let regions = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(regions.count == 9)
        let show = try CLIRunner.run(["regions", "show", "deu"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("DE — Germany"))
        #expect(show.stdout.contains("Ember"))
        let pue = try CLIRunner.run(["regions", "pue"])
        #expect(pue.stdout.contains("average-2018"))
        #expect(pue.stdout.contains("1.58"))
    }

    @Test func cloudRegionShowsItsLocationsSourceAndTheWorldAverage() throws {
        let show = try CLIRunner.run(["regions", "show", "us-east-1"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("intensity   245 g CO2e/kWh (2023)"))
        #expect(show.stdout.contains("source      location: US-VA, US EPA eGRID2023"))
        #expect(show.stdout.contains("× the world average (481 g CO2e/kWh)"))
        let pue = try CLIRunner.run(["regions", "pue"])
        #expect(pue.stdout.contains("google-t5"))
        #expect(!pue.stdout.contains("google-2020"))
        let gaudi = try CLIRunner.run(["hardware", "show", "gaudi3", "--json"]).json()
        #expect((gaudi["peak_tflops"] as? [String: Double])?["fp8"] == 1835)
    }

    @Test func modelShowPrintsTheLayerTable() throws {
        let spec = CLIRunner.examples.appendingPathComponent("digits-cnn.json").path
        let text = try CLIRunner.run(["model", "show", spec])
        #expect(text.status == 0)
        #expect(text.stdout.contains("conv2d 8×3×3 s1 same"))
        let json = try CLIRunner.run(["model", "show", spec, "--json"]).json()
        #expect(json["parameters"] as? Int == 3_818)
        #expect(json["forward_flops"] as? Double == 53_160)
    }
}
