extension EnergyCalibration {
    /// The model in one paragraph, as every calibration file states it.
    public static let modelForm =
        "For each pass (inference; training: forward, backward and the optimiser's step), the IT energy of "
        + "one sample is E = Σ_f c_f · x_f over the features: dense and conv2d FLOPs (in training also those of the layers "
        + "after the first with weights, which compute the gradient for their input), the values each kind "
        + "of layer (dense, conv2d, pooling, ReLU, tanh, sigmoid, the loss) reads and writes, and, paid once a batch "
        + "and so divided by the batch size, the parameters, the layers and a fixed cost. The seconds of "
        + "one sample have the same form with their own coefficients. The coefficients are non-negative "
        + "and fitted to relative error (Lawson and Hanson 1974), each measurement counting alike whatever "
        + "its size. Static power has no term of its own: it is paid per second, and seconds are linear in "
        + "the same features, so it is part of every coefficient; mean_power_w reports it."

    /// A calibration fitted to its measurements: the energy and time models of each pass, and
    /// every point with what the fit predicts for it.
    /// - Parameter points: the measurements, features in the order of ``CalibrationFeature/allCases``;
    ///   their predictions are filled in.
    /// - Throws: ``CalibrationError/Reason/underdetermined`` when a pass's measurements do not
    ///   determine its model (see ``CalibrationFit``).
    public static func fitted(
        points: [CalibrationPoint], created: String, fingerprint: CalibrationFingerprint, scope: Scope,
        layerKinds: [CalibrationLayerKind], meanPowerWatts: Double, seconds: Double
    ) throws(CalibrationError) -> EnergyCalibration {
        let features = CalibrationFeature.allCases
        func model(_ pass: CalibratedPass) throws(CalibrationError) -> PassModel {
            let measured = points.filter { $0.pass == pass }
            guard !measured.isEmpty else {
                throw CalibrationError(.underdetermined, "no \(pass.rawValue) measurement to fit")
            }
            let rows = measured.map(\.features)
            do {
                return PassModel(
                    energy: try CalibrationFit.fit(
                        features: features, rows: rows, measured: measured.map(\.joules), quantity: "J"),
                    time: try CalibrationFit.fit(
                        features: features, rows: rows, measured: measured.map(\.seconds), quantity: "s"))
            } catch {
                throw CalibrationError(error.reason, "\(pass.rawValue): \(error.message)")
            }
        }
        var calibration = EnergyCalibration(
            created: created, fingerprint: fingerprint, form: modelForm, scope: scope, layerKinds: layerKinds,
            features: features, inference: try model(.inference), training: try model(.training), points: points,
            meanPowerWatts: meanPowerWatts, seconds: seconds)
        calibration.points = points.map { point in
            var point = point
            let passModel = calibration.model(point.pass)
            point.predictedJoules = passModel.energy.predict(point.features).value
            point.predictedSeconds = passModel.time.predict(point.features).value
            return point
        }
        return calibration
    }
}
