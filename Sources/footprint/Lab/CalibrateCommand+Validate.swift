import FootprintCore

extension LabCommand.Calibrate {
    /// `--validate`: held-out networks measured and compared with the calibration's predictions.
    func runValidation() throws {
        throw InvalidInput("footprint lab calibrate --validate is not built yet")
    }
}
