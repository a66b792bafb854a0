import FootprintCore
import Foundation
import Testing

@testable import FootprintReport

@Suite struct ReportTests {
    static func run(
        methods: [Component: MeasurementMethod] = [.cpu: .rapl, .gpu: .nvmlEnergy, .ram: .ramPerGigabyte],
        location: String = "DE", scope: Scope = .process
    ) -> RunRecord {
        RunRecord(
            id: "6b02aaaa-12345678", source: .footprint, project: "thesis", name: "fine-tune <bert>",
            command: ["python", "train.py"],
            host: "lab", pid: 1, startedAt: 1_800_000_000, intervalSeconds: 1, scope: scope, locationCode: location,
            locationName: "Germany", intensity: .gramsPerKilowattHour(400),
            intensitySource: "Our World in Data / Ember, 2023",
            pue: 1.5, pueSource: "given", cpuModel: "AMD EPYC 7763", cpuPowerModel: "AMD EPYC 7763 TDP",
            gpus: ["NVIDIA A100-SXM4-80GB", "NVIDIA A100-SXM4-80GB"], status: .finished, exitCode: 0, duration: 3,
            components: [.cpu: .joules(300), .gpu: .joules(3_000), .ram: .joules(60)], methods: methods,
            energy: .joules(3_360 * 1.5),
            emissions: GridIntensity.gramsPerKilowattHour(400).emissions(for: .joules(3_360 * 1.5)),
            notes: ["a note"], extra: nil)
    }

    static let samples = (1...3).map { t in
        SampleRecord(
            t: Double(t), duration: 1, cpuJoules: 150, cpuProcessJoules: 100, gpuJoules: 1_000, gpuProcessJoules: 1_000,
            ramJoules: 30, ramProcessJoules: 20, cpuUtilization: 0.5, processCPUShare: 0.6)
    }
    static let tasks = [
        TaskRecord(name: "epoch 1", start: 0, end: 1.5, cpuJoules: 150, gpuJoules: 1_500, ramJoules: 30),
        TaskRecord(name: "epoch 2", start: 1.5, end: 3, cpuJoules: 150, gpuJoules: 1_500, ramJoules: 30)
    ]

    static func fixture(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    var model: RunReportModel { RunReportModel(run: Self.run(), samples: Self.samples, tasks: Self.tasks) }

    /// The power chart of the fixed model above, byte for byte, against a committed golden file, so a
    /// change in what the chart draws (or an order that varies between runs) fails here.
    /// When a change to the chart is intended, regenerate the file and review its diff:
    /// `FOOTPRINT_UPDATE_GOLDEN=1 swift test --filter svgMatchesGoldenFile`.
    @Test func svgMatchesGoldenFile() throws {
        let golden = Self.fixture("power-stacked-area.svg")
        let svg = SVGChart.stackedArea(model.powerSeries, title: "Power", xLabel: "s", yLabel: "W")
        if ProcessInfo.processInfo.environment["FOOTPRINT_UPDATE_GOLDEN"] == "1" {
            try svg.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(
            svg == expected,
            "the chart differs from Fixtures/power-stacked-area.svg; if intended, regenerate it (see above)")
        #expect(HTMLReport.render(model) == HTMLReport.render(model))
    }

    @Test func stackedAreaGeometry() {
        // Process scope: CPU 100 W, GPU 1,000 W, RAM 20 W; the stack tops at 1,120 W on a 1,250 W axis.
        let series = model.powerSeries
        #expect(series.map(\.name) == ["CPU", "GPU", "RAM"])
        // Steps: each 1 s interval flat at its mean power from its start to its end.
        #expect(series[1].points.map(\.y) == [1_000, 1_000, 1_000, 1_000, 1_000, 1_000])
        #expect(series[1].points.map(\.x) == [0, 1, 1, 2, 2, 3])
        let svg = SVGChart.stackedArea(series, title: "Power", xLabel: "s", yLabel: "W")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 270\""))
        #expect(svg.components(separatedBy: "<path ").count - 1 == 3)
        // The axis ends at the first tick above the peak.
        #expect(svg.contains(">1,250</text>") && !svg.contains(">2,000</text>"))
        #expect(SVGChart.niceCeiling(1_120) == 2_000)
        #expect(SVGChart.niceCeiling(0.37) == 0.5)
        #expect(SVGChart.niceCeiling(0) == 1)
    }

    /// The y-axis ends close above the peak, at a whole number of round steps (1, 2, 2.5, 5 × 10ⁿ):
    /// a 511 W peak drew on a 1,000 W axis.
    @Test func theLongestBarLeavesRoomForItsFigure() throws {
        let text = "588 µJ, 0.0785 µg CO2e"
        let svg = SVGChart.bars([("a", 588, text), ("b", 100, "100 µJ, 0.013 µg CO2e")], title: "t", color: "#000")
        let frame = SVGChart.Frame()
        // The figure beside the longest bar starts where it ends and must fit, at about 7 px a
        // character, inside the chart's width.
        let pattern = try Regex(#"<text x="([0-9.]+)"[^>]*>588 µJ"#)
        let match = try #require(svg.firstMatch(of: pattern))
        let figure = try #require(match.output[1].substring)
        let x = try #require(Double(String(figure)))
        #expect(x + Double(text.count) * 7 <= frame.width)
    }

    @Test func axisMaximaAreCloseToThePeak() {
        let cases: [(Double, Double, Double)] = [
            (511, 600, 200), (1_120, 1_250, 250), (100, 100, 20), (101, 125, 25),
            (0.9, 1, 0.2), (251, 300, 100), (0.37, 0.4, 0.1), (10.1, 12.5, 2.5), (0, 1, 0.25)
        ]
        for (peak, maximum, step) in cases {
            let axis = SVGChart.axis(upTo: peak)
            #expect(abs(axis.maximum - maximum) < 1e-9 && abs(axis.step - step) < 1e-9, "\(peak): \(axis)")
            #expect(axis.maximum >= peak && (peak == 0 || axis.maximum <= 1.5 * peak), "\(peak): \(axis)")
            #expect(
                abs(axis.ticks.last! - axis.maximum) < 1e-9 && (4...6).contains(axis.ticks.count) || peak == 0,
                "\(peak): \(axis.ticks)")
        }
        let chart = SVGChart.stackedArea(
            [.init(name: "GPU", color: "#000", points: [(0, 511), (1, 511)])], title: "P", xLabel: "s", yLabel: "W")
        #expect(chart.contains(">600</text>") && !chart.contains(">1,000</text>"))
    }

    /// The area under the drawn power stack is the run's IT energy, and the first interval starts at 0.
    @Test func areaUnderThePowerChartIsTheEnergy() {
        #expect(abs(model.powerSeries.reduce(0) { $0 + $1.area } - model.itEnergy.joules) < 1e-9)
        // Uneven intervals, the first starting after the meter's start-up, and a gap of 0.5 s.
        let samples = [(0.6, 0.5, 40.0), (2.1, 1.5, 90.0), (3.1, 0.5, 10.0)].map { t, duration, cpu in
            SampleRecord(
                t: t, duration: duration, cpuJoules: cpu, cpuProcessJoules: cpu, gpuJoules: 0, gpuProcessJoules: 0,
                ramJoules: 1, ramProcessJoules: 1, cpuUtilization: 1, processCPUShare: 1)
        }
        var run = Self.run()
        run.components = [.cpu: .joules(140), .ram: .joules(3)]
        let uneven = RunReportModel(run: run, samples: samples, tasks: [])
        let series = uneven.powerSeries
        #expect(series.map(\.name) == ["CPU", "RAM"])
        #expect(abs(series.reduce(0) { $0 + $1.area } - uneven.itEnergy.joules) < 1e-9)
        // Drawn from the first interval's start, flat at 80 W over its 0.5 s, 0 W in the gap.
        #expect(series[0].points.prefix(2).map(\.x) == [0, 0.5] && series[0].points.prefix(2).map(\.y) == [80, 80])
        #expect(series[0].points.contains { abs($0.x - 2) < 1e-12 && $0.y == 0 })
        // Cumulative CO2e: 0 at 0, flat across the gap, the run's total at the end of the last interval.
        let cumulative = uneven.cumulativeEmissions.points
        #expect(cumulative.first?.x == 0 && cumulative.first?.y == 0)
        let total = run.intensity.emissions(for: .joules(143 * run.pue)).grams
        #expect(abs((cumulative.last?.y ?? 0) - total) < 1e-12 && abs((cumulative.last?.x ?? 0) - 3) < 1e-12)
        #expect(zip(cumulative, cumulative.dropFirst()).allSatisfy { $0.x <= $1.x && $0.y <= $1.y })
    }

    @Test func aSingleSampleIsDrawn() {
        let one = RunReportModel(run: Self.run(), samples: [Self.samples[0]], tasks: [])
        #expect(one.powerSeries[0].points.map(\.x) == [0, 1])
        let html = HTMLReport.render(one)
        #expect(html.contains("Power by component") && html.contains("Cumulative CO2e"))
        #expect(RunReportModel.powerUnit(forWatts: 0.0013).label == "mW")
        #expect(RunReportModel.powerUnit(forWatts: 1_500).label == "kW")
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
        #expect(cloud.filter { $0.group == "AWS regions" }.count == 5)
        // Provider names as their users write them, not the codes in region ids.
        let labels = rows.map(\.label).joined(separator: "\n")
        #expect(
            labels.contains("cleanest Azure region: Azure ")
                && labels.contains("cleanest Google Cloud region: Google Cloud "))
        #expect(!labels.contains("AZURE") && !labels.contains("GCP"))
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
        #expect(html.contains("measured with the CPU's RAPL package energy counters"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
    }

    @Test func markdownStatementCarriesWhatAPaperNeeds() {
        let text = MarkdownStatement.render(model)
        for needle in [
            "## Energy and carbon statement", "2 × NVIDIA A100-SXM4-80GB", "AMD EPYC 7763", "| Duration | 3 s |",
            "| PUE | 1.5 (given by the experimenter) |", "Our World in Data / Ember, 2023", "| epoch 1 |",
            // how: method per component and the sampling interval
            "CPU energy was measured with the CPU's RAPL package energy counters.",
            "GPU energy was measured with each GPU's NVML total-energy counter.",
            "RAM energy was modeled at 0.3725 W per GB of memory in use (Lannelongue et al. 2021).",
            "Power was sampled every 1 s (3 samples).",
            // where: location and intensity source with year
            "The grid carbon intensity for Germany, 400 g CO2e/kWh, is from Our World in Data / Ember, 2023",
            // uncertainty, and what it means
            "Measured figures are readings of hardware energy counters; modeled figures are estimates"
        ] {
            #expect(text.contains(needle), "\(needle)")
        }
        #expect(!text.contains("interrupted"))
        let measured = RunReportModel(
            run: Self.run(methods: [.cpu: .rapl, .gpu: .nvmlEnergy, .ram: .raplDRAM]),
            samples: Self.samples, tasks: [])
        #expect(MarkdownStatement.render(measured).contains("All component figures are measured"))
    }

    @Test func markdownStatementSaysNothingToTheTerminal() {
        var run = Self.run(methods: [.cpu: .tdpLoad, .gpu: MeasurementMethod.none, .ram: .ramPerGigabyte])
        run.pue = 1
        run.pueSource = "1.0: no facility overhead assumed (set --pue for a data centre, e.g. --pue average-2024)"
        run.cpuPowerModel = "assumed 10 W per logical CPU: 'Xeon' is not in the catalog (set --cpu-tdp)"
        run.intensitySource = "given by FOOTPRINT_INTENSITY"
        let text = MarkdownStatement.render(RunReportModel(run: run, samples: Self.samples, tasks: []))
        for terminal in [" --", "FOOTPRINT_", "footprint ", "set "] {
            #expect(!text.contains(terminal), "\(terminal) in \(text)")
        }
        #expect(text.contains("No data-centre overhead is included (a PUE of 1; no facility overhead assumed)."))
        #expect(text.contains("was given by the experimenter"))
        #expect(text.contains("All component figures are modeled, not measured: they are estimates"))
        #expect(
            HTMLReport.render(RunReportModel(run: run, samples: Self.samples, tasks: [])).contains("--pue") == false)
    }

    @Test func terminalHintsAreDroppedAndNothingElse() {
        #expect(
            RunReportModel.withoutTerminalHints(
                "1.0: no facility overhead assumed (set --pue for a data centre, e.g. --pue average-2024)")
                == "1.0: no facility overhead assumed")
        #expect(
            RunReportModel.withoutTerminalHints("'Intel(R) Xeon(R)' is not in the catalog (set --cpu-tdp).")
                == "'Intel(R) Xeon(R)' is not in the catalog.")
        #expect(
            RunReportModel.withoutTerminalHints("given by ./footprint.toml: pue") == "given by ./footprint.toml: pue")
        #expect(RunReportModel.withoutTerminalHints("IEA 2019 (world average)") == "IEA 2019 (world average)")
    }

    @Test func markdownStatementOfAnInterruptedRunSaysSo() {
        var run = Self.run()
        run.status = .interrupted
        let text = MarkdownStatement.render(RunReportModel(run: run, samples: Self.samples, tasks: []))
        #expect(
            text.contains(
                "The run was interrupted before it finished: the figures below cover only the part measured before it stopped."
            ))
        #expect(text.contains("| Status | interrupted; the figures cover the part measured |"))
        #expect(
            HTMLReport.render(RunReportModel(run: run, samples: Self.samples, tasks: [])).contains(
                "This run was interrupted"))
    }

    @Test func aRunWithoutSamplesSaysNothingWasMeasured() {
        var run = Self.run(methods: [:])
        run.status = .interrupted
        run.duration = 0
        run.components = [:]
        run.energy = .zero
        run.emissions = .zero
        let model = RunReportModel(run: run, samples: [], tasks: [])
        #expect(
            model.noMeasurement
                == "The run was interrupted before its first sample was taken, so no energy was measured.")
        let text = MarkdownStatement.render(model)
        #expect(text.contains("It was interrupted before its first sample was taken, so no energy was measured."))
        #expect(!text.contains(" 0 J") && !text.contains(" 0 g CO2e") && !text.contains("measured 0"), "\(text)")
        #expect(text.contains("| Energy (IT) | not measured |") && text.contains("| CO2e | not measured |"))
        #expect(text.contains("| Duration | not recorded |"))
        let html = HTMLReport.render(model)
        #expect(html.contains("so no energy was measured"))
        #expect(!html.contains(">0 J<") && !html.contains("What if"))
        // A finished run without samples says so too, rather than claiming 0 J.
        run.status = .finished
        #expect(
            MarkdownStatement.render(RunReportModel(run: run, samples: [], tasks: []))
                .contains("No sample was taken before the run ended, so no energy was measured."))
    }

    /// Every recorded string a user or an imported file supplied (names, ids, tasks, hardware,
    /// sources, notes, the project) reads as itself: escaped for Markdown and for HTML.
    @Test func hostileNamesAreEscapedInEveryReport() {
        let hostile = "<bert> *x* |y| [a](b) _z_ `c` & <script>alert(1)</script>"
        var run = Self.run()
        (run.name, run.id, run.project, run.command) = (hostile, "id|<i>", "proj <b>*p*</b>", ["<cmd>", "|"])
        (run.cpuModel, run.gpus, run.intensitySource) = ("cpu *<u>*", ["gpu|<g>"], "source <s>|*s*")
        run.notes = ["note <n> & *m*"]
        let tasks = [
            TaskRecord(name: "task |<t>| *t*\nline", start: 0, end: 3, cpuJoules: 1, gpuJoules: 1, ramJoules: 1)
        ]
        let model = RunReportModel(run: run, samples: Self.samples, tasks: tasks)
        let text = MarkdownStatement.render(model)
        #expect(
            text.contains(#""\<bert\> \*x\* \|y\| \[a\](b) \_z\_ \`c\` \& \<script\>alert(1)\</script\>""#), "\(text)")
        #expect(text.contains(#"| task \|\<t\>\| \*t\* line |"#), "\(text)")
        #expect(text.contains(#"id\|\<i\>"#) && text.contains(#"cpu \*\<u\>\*"#) && text.contains(#"gpu\|\<g\>"#))
        #expect(text.contains(#"source \<s\>\|\*s\*"#))
        // Every table row still has its two cells: no | of a name ends one.
        for line in text.split(separator: "\n")
        where line.hasPrefix("| ") && !line.hasPrefix("| Phase") && !line.hasPrefix("| task") {
            #expect(line.replacingOccurrences(of: #"\|"#, with: "").filter { $0 == "|" }.count == 3, "\(line)")
        }
        for html in [HTMLReport.render(model), ProjectReport.render(project: run.project ?? "", runs: [run, run])] {
            #expect(
                !html.contains("<script>") && !html.contains("<bert>") && !html.contains("<b>") && !html.contains("<t>")
            )
            #expect(html.contains("&lt;bert&gt;"))
        }
        #expect(HTMLReport.render(model).contains("note &lt;n&gt; &amp; *m*"))
        #expect(ProjectReport.render(project: run.project ?? "", runs: [run]).contains("proj &lt;b&gt;*p*&lt;/b&gt;"))
    }

    @Test func projectReport() {
        let html = ProjectReport.render(project: "thesis", runs: [Self.run(), Self.run()])
        #expect(html.contains("Project thesis"))
        #expect(html.contains("Energy per day"))
        #expect(!html.contains("<script"))
    }

    /// Each run adds its emissions over its own span: flat between runs, and a run that starts
    /// first but ends last is not drawn backwards in time.
    @Test func projectCumulativeEmissionsFollowTheRuns() {
        var long = Self.run(), short = Self.run(), later = Self.run()
        (long.startedAt, long.duration) = (1_000, 10)
        (short.startedAt, short.duration) = (1_002, 2)
        (later.startedAt, later.duration) = (1_020, 0)
        let points = ProjectReport.cumulativeEmissions([long, short, later]).points
        let each = Self.run().emissions.grams
        #expect(points.map(\.x) == [0, 2, 4, 10, 20])
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.x < $1.x && $0.y <= $1.y })
        #expect(abs(points[3].y - 2 * each) < 1e-9, "flat after both runs ended")
        #expect(abs((points.last?.y ?? 0) - 3 * each) < 1e-9)
        // A project of one run still gets its chart.
        #expect(ProjectReport.render(project: "p", runs: [long]).contains("Cumulative CO2e"))
    }
}
