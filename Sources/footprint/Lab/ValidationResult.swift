import FootprintCore
import FootprintLab

/// What `lab calibrate --validate` prints: per held-out configuration the calibration's
/// prediction (with its 95 % interval), the measurement and the uncalibrated estimate, then
/// both methods' median and worst absolute error; as text, or as one JSON object.
struct ValidationResult: Encodable {
    var calibrationPath: String
    var calibration: EnergyCalibration
    var here: CalibrationFingerprint
    var size: ValidationSize
    var repeats: Int
    /// The --force warning for a calibration made elsewhere.
    var warning: String?
    /// Configurations a calibration point already covers (not held out).
    var notHeldOut: [String]
    var uncalibrated: UncalibratedEstimate
    var configurations: [ValidatedConfiguration]
    var status: String
    var runID: String?
    var seconds: Double
    var notes: [String]

    var training: PassErrors { PassErrors(configurations.map(\.training)) }
    var inference: PassErrors { PassErrors(configurations.map(\.inference)) }

    enum CodingKeys: String, CodingKey {
        case calibration, machine, size, repeats, warnings, uncalibrated, configurations, training, inference
        case status, seconds, notes
        case notHeldOut = "not_held_out", runID = "run_id"
    }

    struct CalibrationJSON: Encodable {
        var path: String
        var created: String
        var fingerprint: CalibrationFingerprint
        var scope: Scope
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(
            CalibrationJSON(
                path: calibrationPath, created: calibration.created, fingerprint: calibration.fingerprint,
                scope: calibration.scope), forKey: .calibration)
        try c.encode(here, forKey: .machine)
        try c.encode(size, forKey: .size)
        try c.encode(repeats, forKey: .repeats)
        try c.encode(warning.map { [$0] } ?? [], forKey: .warnings)
        try c.encode(notHeldOut, forKey: .notHeldOut)
        try c.encode(uncalibrated, forKey: .uncalibrated)
        try c.encode(configurations, forKey: .configurations)
        try c.encode(training, forKey: .training)
        try c.encode(inference, forKey: .inference)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(runID, forKey: .runID)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(notes, forKey: .notes)
    }

    var text: String {
        var lines = [
            Terminal.bold("Calibration validated on held-out networks (\(size.rawValue) set, \(here.engine) engine)"),
            "calibration  \(calibrationPath), made \(calibration.created)"
        ]
        if let warning { lines.append("warning      " + warning) }
        if !notHeldOut.isEmpty {
            lines.append(
                "note         not held out (a calibration point has the same features): "
                    + notHeldOut.joined(separator: "; "))
        }
        lines.append("")
        lines.append("Training, the whole run of D × E sample-epochs (IT energy):")
        var table = TextTable(
            ["configuration", "D × E", "calibrated", "95 % interval", "measured", "error", "uncalibrated", "error"],
            alignments: [.left, .right, .right, .right, .right, .right, .right, .right])
        for configuration in configurations {
            table.add(
                [configuration.name, "\(Format.count(configuration.samples)) × \(configuration.epochs)"]
                    + Self.cells(configuration.training))
        }
        lines += table.render().split(separator: "\n").map { "  " + $0 }
        lines.append("")
        lines.append("Inference, one sample (IT energy):")
        table = TextTable(
            [
                "configuration", "forward FLOPs", "calibrated", "95 % interval", "measured", "error", "uncalibrated",
                "error"
            ],
            alignments: [.left, .right, .right, .right, .right, .right, .right, .right])
        for configuration in configurations {
            table.add(
                [configuration.name, Format.significant(configuration.forwardFLOPs)]
                    + Self.cells(configuration.inference))
        }
        lines += table.render().split(separator: "\n").map { "  " + $0 }
        lines.append("")
        lines.append(
            "Absolute error over \(configurations.count) configuration\(configurations.count == 1 ? "" : "s"):")
        lines.append("  training   " + Self.summary(training))
        lines.append("  inference  " + Self.summary(inference))
        lines.append("")
        let u = uncalibrated
        lines.append(
            "uncalibrated I = forward FLOPs ÷ (peak × \(Format.significant(u.utilization))) × TDP; "
                + "T = \(Format.significant(u.beta)) · I · D · E (Gitzel et al. 2023)")
        lines.append(
            "  peak       \(Format.significant(u.peakFLOPS / 1e9)) GFLOP/s: \(u.peakSource); "
                + "the hardware catalog lists no CPU peaks")
        lines.append("  TDP        \(Format.significant(u.tdpWatts)) W: \(u.tdpSource)")
        lines.append(
            "measured     after a warm-up, the median of \(repeats) repeat\(repeats == 1 ? "" : "s") each, "
                + "in \(calibration.scope.rawValue) scope; \(FootprintCore.Duration.seconds(seconds)) in all")
        for note in notes { lines.append("note         " + note) }
        if let runID { lines.append("run          \(runID) in the ledger (footprint runs show \(runID))") }
        if status == "interrupted" { lines.append("stopped      before every configuration was measured") }
        return lines.joined(separator: "\n")
    }

    static func cells(_ pass: ValidatedPass) -> [String] {
        [
            "\(Energy.joules(pass.predictedJoules))",
            "\(Energy.joules(pass.lowJoules)) – \(Energy.joules(pass.highJoules))",
            "\(Energy.joules(pass.measuredJoules))", signed(pass.error),
            "\(Energy.joules(pass.uncalibratedJoules))", signed(pass.uncalibratedError)
        ]
    }

    static func signed(_ error: Double?) -> String {
        guard let error else { return "–" }
        return (error >= 0 ? "+" : "−") + Format.percent(abs(error))
    }

    static func summary(_ errors: PassErrors) -> String {
        func figures(_ summary: ErrorSummary) -> String {
            guard let median = summary.medianAbsoluteError, let worst = summary.worstAbsoluteError else {
                return "nothing measured"
            }
            return "median \(Format.percent(median)), worst \(Format.percent(worst))"
        }
        return "calibrated \(figures(errors.calibrated)) (\(errors.withinInterval) of \(errors.calibrated.count) "
            + "inside the 95 % interval); uncalibrated \(figures(errors.uncalibrated))"
    }
}
