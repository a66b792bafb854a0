import FootprintCore

/// What a run says about its epochs, for forecasts as they end: how many there will be, after how
/// many the first forecast comes, and which tasks are epochs.
public struct EpochPlan: Sendable, Hashable {
    /// The epochs the run will have.
    public let epochs: Int
    /// Epochs to finish before the first forecast, 1 to ``epochs``.
    public let predictAfter: Int
    /// Which task names are epochs.
    public let pattern: EpochTaskPattern

    /// - Throws: ``OutOfRange`` for epochs outside ``PlausibleRange/expectedEpochs``, or a
    ///   `predictAfter` outside 1…`epochs`.
    public init(epochs: Int, predictAfter: Int = 1, pattern: EpochTaskPattern = .standard) throws(OutOfRange) {
        try PlausibleRange.expectedEpochs.check(Double(epochs))
        try PlausibleRange.epochsBeforeForecast(of: epochs).check(Double(predictAfter))
        self.epochs = epochs
        self.predictAfter = predictAfter
        self.pattern = pattern
    }
}

extension PlausibleRange {
    /// The epochs a run may announce: a million is more than any training has had (large models
    /// train for a few hundred at most), and bounds the forecasts a run can keep.
    public static let expectedEpochs = PlausibleRange(
        quantity: "the expected epochs", lower: 1, upper: 1_000_000, unit: "")

    /// The epochs before the first forecast: at least one, at most all of them.
    public static func epochsBeforeForecast(of epochs: Int) -> PlausibleRange {
        PlausibleRange(
            quantity: "the epochs before the first forecast", lower: 1, upper: Double(max(epochs, 1)), unit: "",
            meaning: "at most the expected epochs")
    }
}
