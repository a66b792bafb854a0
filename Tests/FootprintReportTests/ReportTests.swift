import Foundation
import FootprintCore
import FootprintLedger
import Testing
@testable import FootprintReport

@Suite struct ReportTests {
    static func run(methods: [Component: String] = [.cpu: "measured:rapl", .gpu: "measured:nvml-energy", .ram: "modeled:ram-per-gb"],
                    location: String = "DE", scope: String = "process") -> LedgerRun {
        LedgerRun(id: "6b02aaaa-12345678", source: "footprint", project: "thesis", name: "fine-tune <bert>", command: ["python", "train.py"],
                  host: "lab", pid: 1, startedAt: 1_800_000_000, intervalSeconds: 1, scope: scope, locationCode: location,
                  locationName: "Germany", intensity: .gramsPerKilowattHour(400), intensitySource: "Our World in Data / Ember, 2023",
                  pue: 1.5, pueSource: "given", cpuModel: "AMD EPYC 7763", cpuPowerModel: "AMD EPYC 7763 TDP",
                  gpus: ["NVIDIA A100-SXM4-80GB", "NVIDIA A100-SXM4-80GB"], status: .finished, exitCode: 0, duration: 3,
                  components: [.cpu: .joules(300), .gpu: .joules(3_000), .ram: .joules(60)], methods: methods,
                  energy: .joules(3_360 * 1.5), emissions: GridIntensity.gramsPerKilowattHour(400).emissions(for: .joules(3_360 * 1.5)),
                  notes: ["a note"], extra: nil)
    }

    static let samples = (1...3).map { t in
        SampleRecord(t: Double(t), duration: 1, cpuJoules: 150, cpuProcessJoules: 100, gpuJoules: 1_000, gpuProcessJoules: 1_000,
                     ramJoules: 30, ramProcessJoules: 20, cpuUtilization: 0.5, processCPUShare: 0.6)
    }
    static let tasks = [TaskRecord(name: "epoch 1", start: 0, end: 1.5, cpuJoules: 150, gpuJoules: 1_500, ramJoules: 30),
                        TaskRecord(name: "epoch 2", start: 1.5, end: 3, cpuJoules: 150, gpuJoules: 1_500, ramJoules: 30)]

    var model: RunReportModel { RunReportModel(run: Self.run(), samples: Self.samples, tasks: Self.tasks) }

    @Test func svgIsDeterministic() {
        let a = SVGChart.stackedArea(model.powerSeries, title: "Power", xLabel: "s", yLabel: "W")
        let b = SVGChart.stackedArea(RunReportModel(run: Self.run(), samples: Self.samples, tasks: Self.tasks).powerSeries,
                                     title: "Power", xLabel: "s", yLabel: "W")
        #expect(a == b)
        #expect(HTMLReport.render(model) == HTMLReport.render(model))
    }

    @Test func stackedAreaGeometry() {
        // Process scope: CPU 100 W, GPU 1,000 W, RAM 20 W; the stack tops at 1,120 W on a 2,000 W axis.
        let series = model.powerSeries
        #expect(series.map(\.name) == ["CPU", "GPU", "RAM"])
        #expect(series[1].points.map(\.y) == [1_000, 1_000, 1_000])
        let svg = SVGChart.stackedArea(series, title: "Power", xLabel: "s", yLabel: "W")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 270\""))
        #expect(svg.components(separatedBy: "<path ").count - 1 == 3)
        // The axis ends at the nice number above the peak.
        #expect(svg.contains(">2,000</text>"))
        #expect(SVGChart.niceCeiling(1_120) == 2_000)
        #expect(SVGChart.niceCeiling(0.37) == 0.5)
        #expect(SVGChart.niceCeiling(0) == 1)
    }

    @Test func cumulativeEmissionsAndTasks() {
        let cumulative = model.cumulativeEmissions.points
        // Each second: 1,120 J × PUE 1.5 at 400 g/kWh.
        #expect(cumulative.count == 4)
        #expect(abs(cumulative[3].y - 3 * 1_120 * 1.5 / 3_600_000 * 400) < 1e-12)
        #expect(model.taskTotals.map(\.name) == ["epoch 1", "epoch 2"])
        #expect(model.taskTotals[0].energy.joules == 1_680 * 1.5)
    }

    @Test func whatIfsKeepTheEnergyAndChangeThePlaceOrFacility() {
        let rows = model.whatIfs()
        #expect(rows[0].group == "as measured")
        #expect(abs(rows[0].ratio - 1) < 1e-12)
        #expect(rows.contains { $0.label.hasPrefix("lowest-intensity country") && $0.ratio < 0.2 })
        #expect(rows.contains { $0.label.hasPrefix("highest-intensity country") && $0.ratio > 2 })
        let personal = rows.first { $0.group == "facility" && $0.pue == 1 }
        #expect(abs((personal?.ratio ?? 0) - 1 / 1.5) < 1e-12)
        let cloud = RunReportModel(run: Self.run(location: "aws:eu-west-1"), samples: [], tasks: []).whatIfs()
        #expect(cloud.filter { $0.group == "aws regions" }.count == 5)
    }

    @Test func htmlIsSelfContained() {
        let html = HTMLReport.render(model)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains(" src="))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import") && !html.contains("url("))
        #expect(html.contains("fine-tune &lt;bert&gt;"), "names are escaped")
        #expect(html.contains("Methods and sources"))
        #expect(html.contains("measured: RAPL package energy counters"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
    }

    @Test func markdownStatementCarriesWhatAPaperNeeds() {
        let text = MarkdownStatement.render(model)
        for needle in ["## Energy and carbon statement", "2 × NVIDIA A100-SXM4-80GB", "AMD EPYC 7763", "| Duration | 3 s |",
                       "| PUE | 1.5 — given |", "Our World in Data / Ember, 2023", "| epoch 1 |",
                       "recorded (measured or modeled, as marked)"] {
            #expect(text.contains(needle), "\(needle)")
        }
        let measured = RunReportModel(run: Self.run(methods: [.cpu: "measured:rapl", .gpu: "measured:nvml-energy", .ram: "measured:rapl-dram"]),
                                      samples: [], tasks: [])
        #expect(MarkdownStatement.render(measured).contains("Footprint measured"))
    }

    @Test func projectReport() {
        let html = ProjectReport.render(project: "thesis", runs: [Self.run(), Self.run()])
        #expect(html.contains("Project thesis"))
        #expect(html.contains("Energy per day"))
        #expect(!html.contains("<script"))
    }
}
