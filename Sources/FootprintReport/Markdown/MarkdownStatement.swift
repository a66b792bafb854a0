import FootprintCore
import FootprintLedger

/// An energy statement for a paper's appendix: hardware, duration, energy, CO2e, location and
/// intensity source, PUE and method, in prose and as a table, so that energy is reported beside
/// accuracy.
public enum MarkdownStatement {
    public static func render(_ m: RunReportModel, tool: String = "Footprint") -> String {
        let run = m.run
        let hardware = ([run.cpuModel.map { "CPU: \($0)" }] + [run.gpus.isEmpty ? nil : "GPU: " + gpuList(run.gpus)])
            .compactMap { $0 }.joined(separator: "; ")
        let components = Component.allCases.compactMap { c -> String? in
            let method = run.methods[c] ?? ""
            let energy = run.components[c] ?? .zero
            if c == .gpu && (method == "none" || method.isEmpty) && energy == .zero { return nil }
            return "\(c.rawValue.uppercased()) \(energy) (\(method.isEmpty ? "method not recorded" : method))"
        }
        var text = "## Energy and carbon statement\n\n"
        text += "The run \"\(run.name)\" took \(FootprintCore.Duration.seconds(run.duration))"
        text += hardware.isEmpty ? "" : " on \(hardware)"
        // "Measured" only when it was: a modeled figure is reported as such.
        let allMeasured = Component.allCases.allSatisfy { c in
            let method = run.methods[c] ?? ""
            return method.hasPrefix("measured:") || ((method == "none" || method.isEmpty) && (run.components[c] ?? .zero) == .zero)
        }
        text += ". \(tool) \(allMeasured ? "measured" : "recorded (measured or modeled, as marked)") "
        text += "\(m.itEnergy) of IT energy (\(components.joined(separator: "; "))), "
        text += "or \(run.energy) at the facility with a PUE of \(Format.significant(run.pue)). "
        text += "At a grid intensity of \(run.intensity) (\(run.locationName ?? run.locationCode ?? "given"); \(run.intensitySource ?? "source not recorded")), "
        text += "this corresponds to \(run.emissions).\n\n"
        text += "| | |\n|---|---|\n"
        let rows: [(String, String)] = [
            ("Hardware", hardware.isEmpty ? "not recorded" : hardware),
            ("Duration", "\(FootprintCore.Duration.seconds(run.duration))"),
            ("Energy (IT)", "\(m.itEnergy)"),
            ("Energy (facility)", "\(run.energy)"),
            ("CO2e", "\(run.emissions)"),
            ("Location", "\(run.locationName ?? "")\(run.locationCode.map { " (\($0))" } ?? "")"),
            ("Grid intensity", "\(run.intensity) — \(run.intensitySource ?? "")"),
            ("PUE", "\(Format.significant(run.pue)) — \(run.pueSource ?? "")"),
            ("Method", components.joined(separator: "; ")),
            ("Scope", run.scope == "machine" ? "whole machine" : "the run's process tree"),
            ("Run", "\(run.id), started \(Timestamp.iso8601UTC(run.startedAt))"),
        ]
        for (key, value) in rows { text += "| \(key) | \(value.replacingOccurrences(of: "|", with: "\\|")) |\n" }
        let tasks = m.taskTotals
        if !tasks.isEmpty {
            text += "\n| Phase | Duration | Energy | CO2e |\n|---|---:|---:|---:|\n"
            for t in tasks { text += "| \(t.name) | \(FootprintCore.Duration.seconds(t.duration)) | \(t.energy) | \(t.emissions) |\n" }
        }
        return text
    }

    static func gpuList(_ names: [String]) -> String {
        var counts: [(String, Int)] = []
        for name in names {
            if let i = counts.firstIndex(where: { $0.0 == name }) { counts[i].1 += 1 } else { counts.append((name, 1)) }
        }
        return counts.map { "\($0.1) × \($0.0)" }.joined(separator: ", ")
    }
}
