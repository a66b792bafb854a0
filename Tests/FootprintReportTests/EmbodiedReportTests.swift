import FootprintCore
import Foundation
import Testing

@testable import FootprintReport

/// The embodied CO2e and water a report shows when asked: beside the run's CO2e in every rendering,
/// the CO2e itself unchanged.
@Suite struct EmbodiedReportTests {
    /// The fixture run of ``ReportTests`` (two A100s, 3 s) with its embodied share worked out as
    /// `report --embodied` does, and a WUE of 0.3.
    var model: RunReportModel {
        get throws {
            let catalog = EmbodiedCatalog.bundled
            let run = ReportTests.run()
            var model = RunReportModel(run: run, samples: ReportTests.samples, tasks: ReportTests.tasks)
            model.embodied = try EmbodiedEstimate(
                gpus: run.gpus.count, accelerator: catalog.defaultAccelerator,
                machine: catalog.defaultMachine(hasGPUs: true), seconds: run.duration)
            model.water = WaterUse(itEnergy: run.itEnergy, litresPerKilowattHour: 0.3, source: "given by --wue")
            return model
        }
    }

    @Test func everyRenderingShowsEmbodiedBesideTheCO2e() throws {
        let model = try model
        let embodied = try #require(model.embodied)
        // Two GPUs and their server for 3 s: 3 s × (2 × 150 + 2,500) kg ÷ (6 × 8,760 h × 0.85).
        let expected = 3.0 / 3_600 * (2 * 150 + 2_500) / (6 * 8_760 * 0.85) * 1_000
        #expect(abs(embodied.emissions.grams / expected - 1) < 1e-12)

        let markdown = MarkdownStatement.render(model)
        #expect(markdown.contains("| Embodied CO2e (not in CO2e) | \(embodied.emissions)"))
        #expect(markdown.contains("2 × NVIDIA A100"))
        #expect(markdown.contains("not included in them"))
        #expect(markdown.contains("| Water (on site) |"))
        // The CO2e row is the run's, as without --embodied.
        #expect(markdown.contains("| CO2e | \(model.run.emissions) |"))

        let html = HTMLReport.render(model)
        #expect(html.contains("Embodied CO2e") && html.contains("not in the CO2e"))
        #expect(html.contains(">Water<"))

        let data = try JSONEncoder().encode(ReportJSON(model))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let object = try #require(json["embodied"] as? [String: Any])
        #expect(abs((object["embodied_kg"] as? Double ?? 0) - embodied.emissions.kilograms) < 1e-15)
        #expect((object["accelerators"] as? [String: Any])?["count"] as? Int == 2)
        #expect((json["water"] as? [String: Any])?["wue_l_per_kwh"] as? Double == 0.3)
    }

    @Test func withoutTheFlagNothingChanges() throws {
        let plain = RunReportModel(run: ReportTests.run(), samples: ReportTests.samples, tasks: ReportTests.tasks)
        #expect(!MarkdownStatement.render(plain).contains("Embodied"))
        #expect(!HTMLReport.render(plain).contains("Embodied"))
        let data = try JSONEncoder().encode(ReportJSON(plain))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["embodied"] == nil && json["water"] == nil)
    }
}
