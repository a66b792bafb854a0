import FootprintCore

/// An energy statement for a paper's methods or appendix: what was measured, how (method per
/// component, sampling interval), where (location, intensity source and year), with what
/// uncertainty, in prose and as a table, so that energy is reported beside accuracy. It is read by
/// a paper's readers, so it says nothing to the person at the terminal (no flags, no commands).
public enum MarkdownStatement {
    public static func render(_ m: RunReportModel, tool: String = "Footprint") -> String {
        let run = m.run
        let measured = m.noMeasurement == nil
        var text = "## Energy and carbon statement\n\n"
        text += paragraph(whatAndWhen(m, tool: tool)) + "\n\n"
        if measured {
            text += paragraph(how(m)) + "\n\n" + paragraph(result(m)) + "\n\n" + paragraph(uncertainty(m)) + "\n\n"
            let planned = plannedSentences(m)
            if !planned.isEmpty { text += paragraph(planned) + "\n\n" }
            let forecasts = ForecastOutcome.sentences(m.shownForecastOutcomes)
            if !forecasts.isEmpty { text += paragraph(forecasts.map(md)) + "\n\n" }
        }
        let embodied = embodiedSentences(m)
        if !embodied.isEmpty { text += paragraph(embodied) + "\n\n" }
        text += "| | |\n|---|---|\n"
        let notMeasured = "not measured"
        var rows: [(String, String)] = [
            ("Run", "\"\(md(run.name))\", \(md(run.id)), started \(Timestamp.iso8601UTC(run.startedAt))"),
            ("Status", status(m)),
            ("Hardware", hardware(run) ?? "not recorded"),
            ("Duration", durationText(run) ?? "not recorded"),
            ("Scope", run.scope == .machine ? "whole machine" : "the command's process tree"),
            ("Sampling", sampling(m))
        ]
        for (component, energy, method) in components(run) {
            rows.append(
                (
                    "\(component.rawValue.uppercased()) energy",
                    measured ? "\(energy), \(methodPhrase(method, run))" : notMeasured
                ))
        }
        rows += [
            ("Energy (IT)", measured ? "\(m.itEnergy)" : notMeasured),
            ("PUE", "\(Format.significant(run.pue)) (\(pueProvenance(run)))"),
            ("Energy (facility)", measured ? "\(run.energy)" : notMeasured),
            ("Location", location(run)),
            ("Grid intensity", intensityCell(m)),
            ("CO2e", measured ? "\(run.emissions)" : notMeasured)
        ]
        rows += plannedRows(m) + historyRows(m)
        rows += embodiedRows(m)
        // Values are Markdown already (recorded text escaped where it is put in); a cell keeps its row.
        for (key, value) in rows { text += "| \(key) | \(cell(value)) |\n" }
        let tasks = m.taskTotals
        if !tasks.isEmpty && measured {
            text += "\n| Phase | Duration | Energy (facility) | CO2e |\n|---|---:|---:|---:|\n"
            for t in tasks {
                text +=
                    "| \(cell(md(t.name))) | \(FootprintCore.Duration.seconds(t.duration)) | \(t.energy) | \(t.emissions) |\n"
            }
        }
        return text
    }

    // MARK: - The paragraphs

    /// Which run, on what, for how long, and whether it finished.
    static func whatAndWhen(_ m: RunReportModel, tool: String) -> [String] {
        let run = m.run
        var sentences: [String] = []
        var first = "The energy use of the run \"\(md(run.name))\" was recorded with \(tool)"
        let parts = [
            run.cpuModel.map { "an \(md($0)) CPU" },
            run.gpus.isEmpty ? nil : gpuList(run.gpus) + (run.gpus.count == 1 ? " GPU" : " GPUs")
        ]
        .compactMap { $0 }
        if !parts.isEmpty { first += " on a machine with " + parts.joined(separator: " and ") }
        first += ", starting \(Timestamp.iso8601UTC(run.startedAt))"
        if let duration = durationText(run) { first += ", over \(duration)" }
        sentences.append(first + ".")
        if let missing = m.noMeasurement {
            sentences.append(missing.replacingOccurrences(of: "The run", with: "It"))
        } else if run.status == .interrupted {
            sentences.append(
                "The run was interrupted before it finished: the figures below cover only the part measured before it stopped."
            )
        } else if run.status == .running {
            sentences.append("The run was still being recorded: the figures below cover it up to its last sample.")
        }
        return sentences
    }

    /// The scope, the sampling, and the method of each component.
    static func how(_ m: RunReportModel) -> [String] {
        let run = m.run
        var sentences = [
            run.scope == .machine
                ? "The whole machine was measured."
                : "The command's process tree was measured: its share of busy CPU time applied to the CPU's power above idle, the GPUs its processes used, and its share of memory in use."
        ]
        if m.samples.isEmpty {
            sentences.append("Only totals were kept for this run, not samples over time.")
        } else {
            sentences.append("Power was sampled \(sampling(m)).")
        }
        sentences += components(run).map { "\($0.0.rawValue.uppercased()) energy was \(methodPhrase($0.method, run))." }
        return sentences
    }

    /// The figures: IT energy by component, facility energy, intensity and location, emissions.
    static func result(_ m: RunReportModel) -> [String] {
        let run = m.run
        let parts = components(run).map { "\($0.0.rawValue.uppercased()) \($0.1)" }
        var sentences = [
            "The IT energy was \(m.itEnergy)" + (parts.count > 1 ? " (\(parts.joined(separator: ", ")))" : "") + "."
        ]
        if run.pue == 1 {
            sentences.append("No data-centre overhead is included (a PUE of 1; \(pueProvenance(run))).")
        } else {
            sentences.append(
                "With a PUE of \(Format.significant(run.pue)) (\(pueProvenance(run))), the energy at the facility was \(run.energy)."
            )
        }
        sentences.append(intensitySentence(m))
        return sentences
    }

    /// What the figures can be trusted for, by how they were obtained.
    static func uncertainty(_ m: RunReportModel) -> [String] {
        let methods = components(m.run).map(\.method)
        let measured = methods.filter { $0?.isMeasured == true }.count
        let modeled = methods.filter { $0?.isModeled == true }.count
        var sentences: [String] = []
        switch (measured, modeled) {
        case (_, 0) where measured > 0:
            sentences.append("All component figures are measured: they are readings of hardware energy counters.")
        case (0, _) where modeled > 0:
            sentences.append(
                "All component figures are modeled, not measured: they are estimates from rated power and utilisation, "
                    + "which give the scale of the energy but may differ substantially from what a power meter would read."
            )
        case _ where measured > 0 && modeled > 0:
            sentences.append(
                "Measured figures are readings of hardware energy counters; modeled figures are estimates from rated power "
                    + "and utilisation, which give the scale of the energy but may differ substantially from what a power meter would read."
            )
        default:
            break
        }
        if measured > 0 && m.run.scope == .process {
            sentences.append(
                "Counters cover a whole CPU package or GPU; the process tree's share was apportioned by its share of use."
            )
        }
        sentences.append(intensityCaveat(m))
        return sentences
    }

    // MARK: - Pieces

    /// Each component that took part, with its energy and its method (nil: not recorded).
    static func components(_ run: RunRecord) -> [(Component, Energy, method: MeasurementMethod?)] {
        Component.allCases.compactMap { c in
            let method = run.methods[c]
            let energy = run.components[c] ?? .zero
            guard c.isReported(method: method, energy: energy) else { return nil }
            return (c, energy, method)
        }
    }

    /// A method in a paper's words, as Markdown.
    static func methodPhrase(_ method: MeasurementMethod?, _ run: RunRecord) -> String {
        md(RunReportModel.methodText(method, run: run))
    }

    static func hardware(_ run: RunRecord) -> String? {
        let parts = [run.cpuModel.map { "CPU: \(md($0))" }, run.gpus.isEmpty ? nil : "GPU: " + gpuList(run.gpus)]
            .compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// nil when an interrupted run's duration was never recorded.
    static func durationText(_ run: RunRecord) -> String? {
        run.duration > 0 || run.status == .finished ? "\(FootprintCore.Duration.seconds(run.duration))" : nil
    }

    static func status(_ m: RunReportModel) -> String {
        switch m.run.status {
        case .finished: "finished" + (m.run.exitCode.map { $0 == 0 ? "" : " (exit code \($0))" } ?? "")
        case .interrupted:
            m.noMeasurement == nil
                ? "interrupted; the figures cover the part measured" : "interrupted; nothing measured"
        case .running: "still being recorded"
        }
    }

    static func sampling(_ m: RunReportModel) -> String {
        let count = m.samples.count == 1 ? "1 sample" : "\(m.samples.count) samples"
        return m.run.intervalSeconds.map { "every \(Format.significant($0)) s (\(count))" } ?? count
    }

    /// The place without a fallback's explanation: "world average", "Germany".
    static func location(_ run: RunRecord) -> String {
        let name = run.locationName.map { String($0.split(separator: ":", maxSplits: 1).first ?? "") } ?? ""
        if name.isEmpty { return run.locationCode.map(md) ?? "the given location" }
        return md(name)
    }

    /// Where the PUE came from, in a reader's words.
    static func pueProvenance(_ run: RunRecord) -> String {
        let source = run.pueSource ?? ""
        if source.isEmpty { return "source not recorded" }
        // With or without the terminal hint that older ledgers stored after it.
        if source.hasPrefix(PUE.assumedSource) { return "no facility overhead assumed" }
        return paperText(source)
    }

    /// Recorded provenance in a paper's words, as Markdown (see ``RunReportModel/readerText(_:)``).
    static func paperText(_ text: String) -> String { md(RunReportModel.readerText(text)) }

    static func paragraph(_ sentences: [String]) -> String { sentences.joined(separator: " ") }

    /// Markdown for a cell of a table: its text on one line, and a `|` that would end the cell escaped
    /// (those escape() left, in text footprint wrote itself).
    static func cell(_ text: String) -> String {
        var result = ""
        var previous: Character = " "
        for character in text {
            if character == "|" && previous != "\\" {
                result += "\\|"
            } else if character.isNewline {
                result += " "
            } else {
                result.append(character)
            }
            previous = character
        }
        return result
    }

    /// Recorded text (a run's or task's name, an imported source, a CPU's name) as Markdown that
    /// shows it as it is: its characters that Markdown or the HTML within it would read as
    /// formatting (`*x*`, `<bert>`, `|`, `[a](b)`) escaped with a backslash, control characters
    /// and line breaks as spaces.
    static func md(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}" {
                result += " "
            } else if Self.formatting.contains(scalar) {
                result += "\\" + String(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// ASCII punctuation that Markdown (CommonMark, GitHub's tables) or inline HTML gives a meaning;
    /// a backslash before any of them shows it as itself.
    static let formatting = Set("\\`*_[]<>|~&".unicodeScalars)

    static func gpuList(_ names: [String]) -> String {
        var counts: [(String, Int)] = []
        for name in names {
            if let i = counts.firstIndex(where: { $0.0 == name }) { counts[i].1 += 1 } else { counts.append((name, 1)) }
        }
        return counts.map { "\($0.1) × \(md($0.0))" }.joined(separator: ", ")
    }
}
