import FootprintCore

/// One self-contained HTML file for a run: no scripts, fonts or images from outside, charts as
/// inline SVG; it reads the same offline and printed.
public enum HTMLReport {
    /// - Parameter navigation: HTML the caller made (the dashboard's links), put first in the body;
    ///   it is not escaped.
    public static func render(_ m: RunReportModel, generator: String = "footprint", navigation: String = "") -> String {
        let run = m.run
        var html = page(title: "Footprint report: \(run.name)") + navigation
        html += "<header><h1>\(e(run.name))</h1><p class=\"sub\">\(runLine(run))</p></header>\n"
        html += body(m)
        html += footer(generator: generator)
        return html
    }

    /// "Run ID · started · host · status (exit code)", escaped.
    static func runLine(_ run: RunRecord) -> String {
        "Run <code>\(e(run.id))</code> · \(e(Timestamp.iso8601UTC(run.startedAt))) · \(e(run.host)) · "
            + "\(e(run.status.rawValue))\(run.exitCode.map { " (exit code \($0))" } ?? "")"
    }

    /// The run's figures under its header: totals, charts, tasks (unless there are more than
    /// `maximumTasks`: an experiment run's hundreds of tasks are its configurations, shown apart),
    /// what-ifs, methods.
    static func body(_ m: RunReportModel, maximumTasks: Int = .max) -> String {
        let run = m.run
        var html = ""
        if let missing = m.noMeasurement {
            html += "<p class=\"warn\">\(e(missing))</p>\n"
        } else if m.isPartial {
            html += "<p class=\"warn\">\(e(Self.partialNote(run.status)))</p>\n"
        }
        let measured = m.noMeasurement == nil
        let unmeasured = "not measured"
        html += "<section class=\"totals\">"
        html += tile(
            "Energy at the facility", measured ? "\(run.energy)" : unmeasured,
            measured ? "IT \(m.itEnergy) × PUE \(Format.significant(run.pue))" : "PUE \(Format.significant(run.pue))")
        html += tile("CO2e", measured ? "\(run.emissions)" : unmeasured, emissionsDetail(m))
        let durationKnown = run.duration > 0 || run.status == .finished
        html += tile(
            "Duration", durationKnown ? "\(FootprintCore.Duration.seconds(run.duration))" : "not recorded",
            run.duration > 0 && measured ? "mean \(run.energy / FootprintCore.Duration.seconds(run.duration))" : "")
        for component in Component.allCases {
            let energy = run.components[component] ?? .zero
            let method = run.methods[component]
            guard component.isReported(method: method, energy: energy) else { continue }
            html += tile(component.rawValue.uppercased(), measured ? "\(energy)" : unmeasured, method?.rawValue ?? "")
        }
        html += embodiedTiles(m)
        html += "</section>\n"
        let equivalents = CarbonEquivalent.readable(for: run.emissions).prefix(3)
        if !equivalents.isEmpty {
            html +=
                "<p class=\"equiv\">About "
                + equivalents.map { "\(Format.significant($0.count)) \(e($0.equivalent.unit))" }.joined(
                    separator: " · ") + ".</p>\n"
        }
        html += "<section><h2>Power over time</h2>\n"
        let power = m.powerSeries
        if m.noMeasurement != nil {
            html += "<p>No samples, so no chart.</p></section>\n"
        } else if m.samples.isEmpty {
            html +=
                "<p>This run has totals only (\(e(run.source == .footprint ? "no samples were kept" : "imported from \(run.source.rawValue)"))), no power over time.</p></section>\n"
        } else if power.isEmpty {
            html += "<p>Every sample (\(m.samples.count)) is 0 W in the run's scope.</p></section>\n"
        } else {
            // Each chart in the unit its values read best in: mg rather than 5e-04 g.
            let peak = zip3(power).max() ?? 0
            let watts = RunReportModel.powerUnit(forWatts: peak)
            let scaledPower = power.map { s in
                SVGChart.Series(name: s.name, color: s.color, points: s.points.map { ($0.x, $0.y * watts.factor) })
            }
            let co2 = m.cumulativeEmissions
            let mass = RunReportModel.massUnit(forGrams: co2.points.map(\.y).max() ?? 0)
            let scaledCO2 = SVGChart.Series(
                name: co2.name, color: co2.color, points: co2.points.map { ($0.x, $0.y * mass.factor) })
            html +=
                "<p class=\"note\">Each sampling interval is drawn at its mean power, from its start to its end: the area under the chart is the IT energy.</p>\n"
            html +=
                SVGChart.stackedArea(scaledPower, title: "Power by component", xLabel: "seconds", yLabel: watts.label)
                + "</section>\n"
            html +=
                "<section><h2>Cumulative CO2e</h2>\n"
                + SVGChart.line(scaledCO2, title: "Cumulative CO2e", xLabel: "seconds", yLabel: mass.label)
                + "</section>\n"
            html += intensitySection(m)
        }
        html += plannedSection(m) + historySection(m)
        html += forecastSection(m)
        let tasks = m.taskTotals
        if tasks.count > maximumTasks {
            html +=
                "<section><h2>Energy by task</h2><p>\(tasks.count) tasks, one for each configuration and repeat; "
                + "the tables above give each configuration's figures.</p></section>\n"
        } else if !tasks.isEmpty {
            html += "<section><h2>Energy by task</h2>\n"
            html += SVGChart.bars(
                tasks.map { ($0.name, $0.energy.joules, "\($0.energy), \($0.emissions)") }, title: "Energy by task",
                color: "#4a5568")
            html +=
                table(
                    ["task", "duration", "energy", "CO2e"],
                    tasks.map {
                        [$0.name, "\(FootprintCore.Duration.seconds($0.duration))", "\($0.energy)", "\($0.emissions)"]
                    }, numeric: [1, 2, 3]) + "</section>\n"
        }
        if m.noMeasurement == nil {
            html +=
                "<section><h2>What if</h2><p>The same IT energy (\(m.itEnergy)) elsewhere or in another facility.</p>\n"
            html +=
                table(
                    ["", "case", "PUE", "grid", "CO2e", "vs measured"],
                    m.whatIfs().map {
                        [
                            $0.group, $0.label, Format.significant($0.pue), "\($0.intensity)", "\($0.emissions)",
                            run.emissions.grams > 0 ? Format.significant($0.ratio) + "×" : "–"
                        ]
                    }, numeric: [2, 3, 4, 5]) + "</section>\n"
        }
        html +=
            "<section><h2>Methods and sources</h2>\n"
            + table(["figure", "how it was obtained"], m.methods.map { [$0.0, $0.1] }, numeric: [])
        if !run.notes.isEmpty {
            html +=
                "<ul class=\"notes\">"
                + run.notes.map { "<li>\(e(RunReportModel.withoutTerminalHints($0)))</li>" }.joined() + "</ul>"
        }
        return html + "</section>\n"
    }

    /// The forecasts the run made against what it used: the chart of every forecast and a table of
    /// the first and the last. Nothing for a run without forecasts.
    static func forecastSection(_ m: RunReportModel) -> String {
        let outcomes = m.forecastOutcomes
        guard !outcomes.isEmpty else { return "" }
        var html = "<section><h2>Forecast vs actual</h2>\n"
        html += "<p>" + e(ForecastOutcome.sentences(m.shownForecastOutcomes).joined(separator: " ")) + "</p>\n"
        html +=
            "<p class=\"note\">Each point is a forecast of the whole run's energy at the facility, made as an "
            + "epoch ended; the band is its 95 % interval, obtained as the table's last column says.</p>\n"
        html += ForecastChart.svg(outcomes)
        var rows = m.shownForecastOutcomes.map { o in
            let f = o.forecast
            return [
                o.label, "\(FootprintCore.Duration.seconds(f.madeAt))",
                "\(Energy.joules(f.energyJoules))" + ForecastOutcome.suffix(o.energyError), o.intervalText,
                "\(FootprintCore.Duration.seconds(f.durationSeconds))" + ForecastOutcome.suffix(o.durationError),
                "\(CarbonMass.grams(f.co2eGrams))" + ForecastOutcome.suffix(o.emissionsError), f.basis
            ]
        }
        let actual = ForecastActual(m.run)
        rows.append([
            actual.complete ? "actual" : "measured so far", "", "\(actual.energy)", "",
            "\(FootprintCore.Duration.seconds(actual.duration))", "\(actual.emissions)", ""
        ])
        html += table(
            [
                "forecast", "made at", "energy (error)", "95 % interval", "duration (error)", "CO2e (error)",
                "interval from"
            ],
            rows, numeric: [1, 2, 3, 4, 5])
        return html + "</section>\n"
    }

    /// The page's closing: which program made it and where its bundled data come from.
    public static func footer(generator: String) -> String {
        "<footer>Generated by \(e(generator)). Sources of the bundled data: grid intensities from Our World in Data / Ember, US EPA eGRID, ENTSO-E, cloud providers and Electricity Maps; equivalents from Strubell et al. 2019 and the US EPA.</footer>\n</body></html>\n"
    }

    /// What an interrupted or running run's figures cover.
    static func partialNote(_ status: RunStatus) -> String {
        status == .running
            ? "This run is still being recorded: the figures cover it up to its last sample."
            : "This run was interrupted: the figures cover only the part measured before it stopped."
    }

    /// The stacked total at each sample time.
    static func zip3(_ series: [SVGChart.Series]) -> [Double] {
        guard let first = series.first else { return [] }
        return first.points.indices.map { i in series.reduce(0) { $0 + (i < $1.points.count ? $1.points[i].y : 0) } }
    }

    /// The page's head and the opening of its body; `style` adds rules of a page's own.
    public static func page(title: String, style: String = "") -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title))</title>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1a202c;background:#fff;max-width:980px;margin:2rem auto;padding:0 1.25rem;line-height:1.45}
        h1{font-size:1.6rem;margin:0 0 .25rem} h2{font-size:1.15rem;margin:2rem 0 .6rem;border-bottom:1px solid #e2e8f0;padding-bottom:.25rem}
        .sub{color:#4a5568;margin:0} code{font-size:.9em}
        .totals{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:.75rem;margin-top:1.25rem}
        .tile{border:1px solid #e2e8f0;border-radius:8px;padding:.6rem .8rem} .tile .k{font-size:.8rem;color:#4a5568} .tile .v{font-size:1.35rem;font-weight:600} .tile .d{font-size:.75rem;color:#4a5568;overflow-wrap:anywhere}
        .equiv{color:#2d3748} .warn{background:#fffaf0;border-left:4px solid #dd6b20;padding:.5rem .8rem;margin:1rem 0 0} .note{color:#4a5568;font-size:.85rem;margin:.25rem 0}
        table{border-collapse:collapse;width:100%;font-size:.9rem;margin-top:.5rem} th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #edf2f7;vertical-align:top} th{background:#f7fafc} td.n,th.n{text-align:right;white-space:nowrap}
        svg.chart{width:100%;height:auto;font-size:11px;font-family:inherit} svg.chart text{fill:#2d3748} svg.chart .grid{stroke:#e2e8f0;stroke-width:1} svg.chart .label{fill:#4a5568}
        .notes{color:#4a5568;font-size:.85rem} footer{margin:2.5rem 0 1rem;color:#718096;font-size:.8rem}
        @media print{body{margin:0}}
        \(style)</style></head><body>

        """
    }

    /// A figure in a box: what it is, its value, a detail line; all escaped.
    public static func tile(_ key: String, _ value: String, _ detail: String) -> String {
        "<div class=\"tile\"><div class=\"k\">\(e(key))</div><div class=\"v\">\(e(value))</div><div class=\"d\">\(e(detail))</div></div>"
    }

    /// A table of escaped cells; the columns in `numeric` right-aligned.
    public static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int>) -> String {
        var html =
            "<table><thead><tr>"
            + headers.enumerated().map {
                "<th\(numeric.contains($0.offset) ? " class=\"n\"" : "")>\(e($0.element))</th>"
            }.joined() + "</tr></thead><tbody>"
        for row in rows {
            html +=
                "<tr>"
                + row.enumerated().map {
                    "<td\(numeric.contains($0.offset) ? " class=\"n\"" : "")>\(e($0.element))</td>"
                }.joined() + "</tr>"
        }
        return html + "</tbody></table>\n"
    }

    /// The text with `&`, `<`, `>` and `"` escaped, for HTML content and attribute values.
    public static func e(_ text: String) -> String { SVGChart.escape(text) }
}
