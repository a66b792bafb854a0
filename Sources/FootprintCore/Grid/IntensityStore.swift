/// Where time-resolved intensities are kept: the ledger, SQLite or PostgreSQL, implements this so
/// that the fetching and planning code above Core reads and caches readings without knowing which.
/// Readings are keyed by zone, start, factor and kind; storing one with a key already held
/// replaces the stored one only when it was recorded later ("newer wins").
public protocol IntensityStore: AnyObject, Sendable {
    /// Stores readings in one transaction: all or none.
    func storeIntensities(_ readings: [IntensityReading]) throws -> IntensityStoreOutcome

    /// The readings of one zone whose intervals overlap `from..<to` (seconds since 1970), oldest
    /// first; only the given factors and kinds when they are not nil.
    func intensities(
        zone: String, from: Double, to: Double, factors: Set<IntensityFactor>?, kinds: Set<IntensityKind>?
    ) throws -> [IntensityReading]

    /// What is held, one entry per zone, factor and kind, ordered by zone.
    func intensityCoverage() throws -> [IntensityCoverage]
}

/// What a store did with a batch of readings.
public struct IntensityStoreOutcome: Sendable, Hashable {
    /// Readings whose key was new.
    public var inserted: Int
    /// Readings that replaced an older reading of the same key.
    public var replaced: Int
    /// Readings left out because the store held a reading of the same key recorded later.
    public var keptNewer: Int

    public init(inserted: Int = 0, replaced: Int = 0, keptNewer: Int = 0) {
        self.inserted = inserted
        self.replaced = replaced
        self.keptNewer = keptNewer
    }
}

/// The span of readings a store holds for one zone, factor and kind.
public struct IntensityCoverage: Sendable, Hashable {
    public var zone: String
    public var factor: IntensityFactor
    public var kind: IntensityKind
    /// The first interval's start and the last one's end, seconds since 1970.
    public var first: Double
    public var last: Double
    public var count: Int
    /// The distinct sources, sorted.
    public var sources: [String]

    public init(
        zone: String, factor: IntensityFactor, kind: IntensityKind, first: Double, last: Double, count: Int,
        sources: [String]
    ) {
        self.zone = zone
        self.factor = factor
        self.kind = kind
        self.first = first
        self.last = last
        self.count = count
        self.sources = sources
    }
}
