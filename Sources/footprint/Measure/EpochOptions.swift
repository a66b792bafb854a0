import ArgumentParser
import FootprintCore
import FootprintMeter

/// The epoch options of `footprint run` and `footprint attach`: the forecasts as epochs end.
struct EpochOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The epochs the command will run, 1 to 1,000,000: forecast the whole run as its epoch tasks end.",
            valueName: "n"))
    var epochs: Int?
    @Option(
        help: ArgumentHelp("Epochs to finish before the first forecast, 1 to --epochs (default 1).", valueName: "k"))
    var predictAfter: Int?
    @Option(
        help: ArgumentHelp(
            "Which tasks are epochs: a name with * for any text, case-insensitive (default 'epoch *').",
            valueName: "pattern"))
    var epochTask: String?

    /// The epochs the options announce, checked before anything is opened; nil without --epochs.
    func plan() throws -> EpochPlan? {
        guard let epochs else {
            if predictAfter != nil || epochTask != nil {
                throw InvalidInput(
                    "\(predictAfter != nil ? "--predict-after" : "--epoch-task") needs --epochs N, the epochs the "
                        + "command will run")
            }
            return nil
        }
        let pattern: EpochTaskPattern
        do throws(InvalidInput) {
            pattern = try epochTask.map(EpochTaskPattern.init) ?? .standard
        } catch {
            throw error.naming("--epoch-task")
        }
        try PlausibleRange.expectedEpochs.check(Double(epochs), origin: "--epochs")
        try PlausibleRange.epochsBeforeForecast(of: epochs).check(Double(predictAfter ?? 1), origin: "--predict-after")
        return try EpochPlan(epochs: epochs, predictAfter: predictAfter ?? 1, pattern: pattern)
    }
}
