import FootprintCore
import Foundation

/// The text `footprint lab calibrate` prints: what was measured, how well the model fits its own
/// measurements, the coefficient tables and where the file is.
enum CalibrationText {
    static func render(_ calibration: EnergyCalibration, path: String, runID: String?, notes: [String]) -> String {
        let fingerprint = calibration.fingerprint
        let threads = fingerprint.threads == 1 ? "1 thread" : "\(fingerprint.threads) threads"
        var lines = [
            "calibrated  \(fingerprint.engine) engine on \(fingerprint.device) (\(fingerprint.blas ?? "unknown"), "
                + "\(threads)), \(fingerprint.cpuModel), \(fingerprint.logicalCPUs) logical CPUs",
            "measured    \(Format.count(calibration.points.count)) micro-benchmarks in "
                + "\(FootprintCore.Duration.seconds(calibration.seconds)); \(calibration.scope.rawValue) scope, mean power "
                + "\(Power(watts: calibration.meanPowerWatts))"
        ]
        for pass in CalibratedPass.allCases {
            let model = calibration.model(pass)
            lines.append(
                (pass == .inference ? "fit         " : "            ") + pass.rawValue.padding(10)
                    + "energy " + errors(model.energy) + "; time " + errors(model.time))
        }
        for pass in CalibratedPass.allCases {
            let model = calibration.model(pass)
            lines.append("")
            // The longest feature name sets the first column, so that new features keep the columns.
            let width = CalibrationFeature.allCases.map(\.rawValue.count).max() ?? 22
            lines.append("\(pass.rawValue) per sample".padding(width + 2) + "energy".padding(36) + "time")
            // An inference has no training-only cost: its coefficient is 0 by construction, not a finding.
            for (energy, time) in zip(model.energy.coefficients, model.time.coefficients)
            where pass == .training || !energy.feature.isTrainingOnly {
                lines.append(
                    "  " + energy.feature.rawValue.padding(width) + coefficient(energy).padding(36) + coefficient(time))
            }
        }
        lines.append("")
        lines.append("written     \(path)")
        if let runID { lines.append("run         \(runID) in the ledger (footprint runs show \(runID))") }
        lines += notes.map { "note        \($0)" }
        return lines.joined(separator: "\n")
    }

    /// "median error 2.1 %, worst 8.3 %" of the fit on its own points.
    static func errors(_ model: FittedModel) -> String {
        "median error \(Format.percent(model.medianAbsoluteError)), worst \(Format.percent(model.worstAbsoluteError))"
    }

    /// "12.3 pJ/FLOP ± 0.41", in the SI prefix that reads best; "0 (held at 0)" for a coefficient
    /// the fit held at its bound.
    static func coefficient(_ coefficient: Coefficient) -> String {
        guard coefficient.value > 0 else { return "0 (held at 0)" }
        let (factor, prefix) = prefix(for: coefficient.value)
        let value = Format.significant(coefficient.value * factor)
        let error = coefficient.standardError.map { " ± " + Format.significant($0 * factor, digits: 2) } ?? ""
        return "\(value) \(prefix)\(coefficient.unit)\(error)"
    }

    /// The factor and prefix that put `value` between 1 and 1,000 (femto to unit).
    static func prefix(for value: Double) -> (factor: Double, prefix: String) {
        let prefixes: [(Double, String)] = [(1, ""), (1e3, "m"), (1e6, "µ"), (1e9, "n"), (1e12, "p"), (1e15, "f")]
        return prefixes.first { value * $0.0 >= 1 } ?? prefixes[prefixes.count - 1]
    }
}

extension String {
    /// The string padded with spaces to `width` characters (longer strings get one space).
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
