import FootprintCore
import Synchronization

/// An ``IntensityStore`` in memory, for the life of the process: the provider's cache of what the
/// sources answered, and a store for tests. Same keys and "newer wins" rule as the ledger's.
public final class MemoryIntensityStore: IntensityStore {
    struct Key: Hashable {
        var zone: String
        var start: Double
        var factor: IntensityFactor
        var kind: IntensityKind
    }

    /// The readings by key; `Mutex` guards them.
    private let readings = Mutex<[Key: IntensityReading]>([:])

    public init() {}

    public func storeIntensities(_ batch: [IntensityReading]) throws -> IntensityStoreOutcome {
        readings.withLock { held in
            var outcome = IntensityStoreOutcome()
            for reading in batch {
                let key = Key(zone: reading.zone, start: reading.start, factor: reading.factor, kind: reading.kind)
                if let old = held[key] {
                    if reading.recordedAt > old.recordedAt {
                        held[key] = reading
                        outcome.replaced += 1
                    } else {
                        outcome.keptNewer += 1
                    }
                } else {
                    held[key] = reading
                    outcome.inserted += 1
                }
            }
            return outcome
        }
    }

    public func intensities(
        zone: String, from: Double, to: Double, factors: Set<IntensityFactor>?, kinds: Set<IntensityKind>?
    ) throws -> [IntensityReading] {
        readings.withLock { held in
            held.values.filter { reading in
                reading.zone == zone && reading.end > from && reading.start < to
                    && (factors?.contains(reading.factor) ?? true) && (kinds?.contains(reading.kind) ?? true)
            }
        }
        .sorted { ($0.start, $0.factor.rawValue, $0.kind.rawValue) < ($1.start, $1.factor.rawValue, $1.kind.rawValue) }
    }

    public func intensityCoverage() throws -> [IntensityCoverage] {
        let all = readings.withLock { Array($0.values) }
        let groups = Dictionary(grouping: all) { "\($0.zone)\u{0}\($0.factor.rawValue)\u{0}\($0.kind.rawValue)" }
        return groups.values.compactMap { group -> IntensityCoverage? in
            guard let first = group.first else { return nil }
            return IntensityCoverage(
                zone: first.zone, factor: first.factor, kind: first.kind,
                first: group.map(\.start).min() ?? first.start, last: group.map(\.end).max() ?? first.end,
                count: group.count, sources: Array(Set(group.map(\.source))).sorted())
        }
        .sorted { ($0.zone, $0.factor.rawValue, $0.kind.rawValue) < ($1.zone, $1.factor.rawValue, $1.kind.rawValue) }
    }
}
