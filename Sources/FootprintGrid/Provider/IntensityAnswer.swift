import FootprintCore

/// What a provider found for one question, and where it came from, so output can say it: figures
/// from the store, figures fetched from a source, or none (the caller uses the annual average).
public struct IntensityAnswer: Sendable {
    /// Where the readings came from.
    public enum Origin: Sendable, Hashable {
        /// Kept earlier: in this process's memory or the given store (the ledger). The sources that
        /// published the readings, sorted.
        case stored(sources: [String])
        /// Fetched now from this source (its name) and stored.
        case fetched(source: String)
        /// Nothing: no source configured for the zone, or every one failed (see ``failures``).
        case none
    }

    /// The readings, oldest first, all of one factor.
    public var readings: [IntensityReading]
    public var origin: Origin
    /// Each source tried without success, in the order tried.
    public var failures: [IntensitySourceError]
    /// What the store did with what was fetched, when there is a store and something was fetched.
    public var stored: IntensityStoreOutcome?
    /// Why what was fetched could not be written to the store, if it could not (it was still answered).
    public var storeProblem: String?

    public init(
        readings: [IntensityReading], origin: Origin, failures: [IntensitySourceError] = [],
        stored: IntensityStoreOutcome? = nil, storeProblem: String? = nil
    ) {
        self.readings = readings
        self.origin = origin
        self.failures = failures
        self.stored = stored
        self.storeProblem = storeProblem
    }

    /// One line for output: "fetched from Electricity Maps", "from the ledger (Electricity Maps)",
    /// or "no hourly figures (…); the annual average is used".
    public var summary: String {
        switch origin {
        case .fetched(let source): return "fetched from \(source)"
        case .stored(let sources): return "from the store (\(sources.joined(separator: ", ")))"
        case .none:
            let why =
                failures.isEmpty
                ? "no intensity source is configured for this zone" : failures.map(\.message).joined(separator: "; ")
            return "no hourly figures (\(why)); the annual average is used"
        }
    }
}
