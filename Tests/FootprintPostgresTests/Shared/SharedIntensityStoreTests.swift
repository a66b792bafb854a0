import FootprintCore
import FootprintLedger
import Foundation
import Testing

/// The intensity readings a ledger keeps, held to both backends: the same batches stored in a fresh
/// SQLite file and a fresh PostgreSQL database must give the same outcomes and read back the same.
@Suite struct SharedIntensityStoreTests {
    /// 2026-11-30T00:00Z.
    static let day = 1_795_996_800.0
    static let hour = 3_600.0

    /// Hourly readings of one zone from ``day``: intensity `base + i` for hour `i`.
    static func hourly(
        _ zone: String = "DE", hours: Int, from first: Int = 0, base: Double = 300,
        factor: IntensityFactor = .lifecycle, kind: IntensityKind = .actual, source: String = "Electricity Maps",
        recordedAt: Double = 1_000
    ) -> [IntensityReading] {
        (first..<first + hours).map { i in
            IntensityReading(
                zone: zone, start: day + Double(i) * hour, end: day + Double(i + 1) * hour,
                intensity: .gramsPerKilowattHour(base + Double(i)), factor: factor, kind: kind, source: source,
                recordedAt: recordedAt)
        }
    }

    @Test(arguments: Backend.available)
    func readsBackTheReadingsOverlappingASpanOldestFirst(_ backend: Backend) throws {
        let store = try backend.emptyLedger()
        let lifecycle = Self.hourly(hours: 48)
        let direct = Self.hourly(hours: 48, base: 200, factor: .direct)
        let forecast = Self.hourly(hours: 48, base: 100, kind: .forecast, source: "a forecast")
        let outcome = try store.storeIntensities(forecast + direct + lifecycle + Self.hourly("FR", hours: 48))
        #expect(outcome == IntensityStoreOutcome(inserted: 192))

        // From 01:30 to 03:30: the hours starting at 1, 2 and 3 overlap it; the one ending at 01:00 does not.
        let from = Self.day + 1.5 * Self.hour, to = Self.day + 3.5 * Self.hour
        let all = try store.intensities(zone: "DE", from: from, to: to, factors: nil, kinds: nil)
        #expect(all.map(\.start) == [1, 1, 1, 2, 2, 2, 3, 3, 3].map { Self.day + Double($0) * Self.hour })
        // Within one start: the factors and kinds in their declared order.
        #expect(all.prefix(3).map(\.factor) == [.lifecycle, .lifecycle, .direct])
        #expect(all.prefix(3).map(\.kind) == [.actual, .forecast, .actual])
        #expect(all.first == lifecycle[1])

        let lifecycleOnly = try store.intensities(
            zone: "DE", from: from, to: to, factors: [.lifecycle], kinds: [.actual])
        #expect(lifecycleOnly == Array(lifecycle[1...3]))
        let averages = try store.intensities(
            zone: "DE", from: from, to: to, factors: [.direct, .lifecycle], kinds: [.actual])
        #expect(averages.count == 6 && Set(averages.map(\.factor)) == [.direct, .lifecycle])
        #expect(
            try store.intensities(zone: "DE", from: from, to: to, factors: nil, kinds: [.forecast])
                == Array(forecast[1...3]))
        #expect(try store.intensities(zone: "DE", from: from, to: to, factors: [], kinds: nil).isEmpty)
        #expect(try store.intensities(zone: "DE", from: from, to: to, factors: [.marginal], kinds: nil).isEmpty)
        #expect(try store.intensities(zone: "PL", from: from, to: to, factors: nil, kinds: nil).isEmpty)

        // An instant: the one interval of each factor and kind that covers it; interval ends excluded.
        let instant = Self.day + 5 * Self.hour
        let covering = try store.intensities(
            zone: "DE", from: instant, to: instant.nextUp, factors: [.lifecycle], kinds: [.actual])
        #expect(covering == [lifecycle[5]] && covering[0].covers(instant))
    }

    @Test(arguments: Backend.available)
    func aReadingRecordedLaterReplacesAndAnOlderOneIsKeptOut(_ backend: Backend) throws {
        let store = try backend.emptyLedger()
        #expect(
            try store.storeIntensities(Self.hourly(hours: 24, recordedAt: 1_000)) == IntensityStoreOutcome(inserted: 24)
        )

        // Hours 12 to 35, fetched later: 12 replace, 12 are new.
        let later = Self.hourly(hours: 24, from: 12, base: 500, source: "a later fetch", recordedAt: 2_000)
        #expect(try store.storeIntensities(later) == IntensityStoreOutcome(inserted: 12, replaced: 12))

        // Hours 0 to 23 again, recorded between the two: the first 12 replace the first batch's,
        // the last 12 lose to the later fetch.
        let between = Self.hourly(hours: 24, base: 700, source: "in between", recordedAt: 1_500)
        #expect(try store.storeIntensities(between) == IntensityStoreOutcome(replaced: 12, keptNewer: 12))

        // Recorded at the same moment as what is held: not later, so kept out.
        #expect(try store.storeIntensities([later[0]]) == IntensityStoreOutcome(keptNewer: 1))

        let held = try store.intensities(
            zone: "DE", from: Self.day, to: Self.day + 36 * Self.hour, factors: nil, kinds: nil)
        #expect(held.count == 36)
        #expect(held[0..<12].allSatisfy { $0.source == "in between" && $0.recordedAt == 1_500 })
        #expect(held[12...].allSatisfy { $0.source == "a later fetch" && $0.recordedAt == 2_000 })
        #expect(held[3].intensity == .gramsPerKilowattHour(703) && held[20].intensity == .gramsPerKilowattHour(520))
    }

    @Test(arguments: Backend.available)
    func oneKeyTwiceInABatchKeepsTheReadingRecordedLast(_ backend: Backend) throws {
        let store = try backend.emptyLedger()
        let reading = Self.hourly(hours: 1)[0]
        var newer = reading
        newer.recordedAt = 3_000
        newer.intensity = .gramsPerKilowattHour(123)
        var same = newer
        same.source = "the same moment, later in the batch"
        let outcome = try store.storeIntensities([reading, newer, same])
        #expect(outcome == IntensityStoreOutcome(inserted: 1, keptNewer: 2))
        #expect(
            try store.intensities(zone: "DE", from: 0, to: .greatestFiniteMagnitude, factors: nil, kinds: nil) == [
                newer
            ])
    }

    @Test(arguments: Backend.available)
    func aBatchWithOneBadReadingStoresNothing(_ backend: Backend) throws {
        let store = try backend.emptyLedger()
        _ = try store.storeIntensities(Self.hourly(hours: 2, recordedAt: 1_000))
        let good = Self.hourly(hours: 30, base: 900, recordedAt: 5_000)
        let changes: [(inout IntensityReading) -> Void] = [
            { $0.intensity = .gramsPerKilowattHour(-1) }, { $0.intensity = .gramsPerKilowattHour(.nan) },
            { $0.end = $0.start }, { $0.start = -.infinity }, { $0.zone = "" }, { $0.source = "" },
            { $0.recordedAt = .infinity }
        ]
        for change in changes {
            var reading = good[29]
            change(&reading)
            #expect {
                try store.storeIntensities(Array(good.dropLast()) + [reading])
            } throws: { error in
                (error as? LedgerError)?.reason == .invalidValue
            }
        }
        let held = try store.intensities(zone: "DE", from: 0, to: .greatestFiniteMagnitude, factors: nil, kinds: nil)
        #expect(held == Self.hourly(hours: 2, recordedAt: 1_000))
        #expect(try store.intensityCoverage().map(\.count) == [2])
    }

    @Test(arguments: Backend.available)
    func coverageHasOneEntryPerZoneFactorAndKindInZoneOrder(_ backend: Backend) throws {
        let store = try backend.emptyLedger()
        _ = try store.storeIntensities(
            Self.hourly("US-CAL-CISO", hours: 3) + Self.hourly("SE-SE3", hours: 2, source: "imported from se.csv")
                + Self.hourly("SE-SE3", hours: 2, from: 5) + Self.hourly("DE", hours: 4, factor: .direct)
                + Self.hourly("DE", hours: 4, from: 1, source: "imported from de.csv")
                + Self.hourly("CAISO_NORTH", hours: 1, factor: .marginal, source: "WattTime")
                + Self.hourly("GB-13", hours: 1, kind: .forecast, source: "UK National Grid ESO Carbon Intensity API"))
        let coverage = try store.intensityCoverage()
        #expect(coverage.map(\.zone) == ["CAISO_NORTH", "DE", "DE", "GB-13", "SE-SE3", "US-CAL-CISO"])
        let h = Self.hour, day = Self.day
        #expect(
            coverage[1]
                == IntensityCoverage(
                    zone: "DE", factor: .lifecycle, kind: .actual, first: day + h, last: day + 5 * h, count: 4,
                    sources: ["imported from de.csv"]))
        #expect(coverage[2].factor == .direct && coverage[2].count == 4)
        #expect(coverage[3].kind == .forecast && coverage[0].factor == .marginal)
        #expect(
            coverage[4]
                == IntensityCoverage(
                    zone: "SE-SE3", factor: .lifecycle, kind: .actual, first: day, last: day + 7 * h, count: 4,
                    sources: ["Electricity Maps", "imported from se.csv"]))
        #expect(try backend.emptyLedger().intensityCoverage().isEmpty)
    }

    /// Three zones' year of hourly readings: more than one statement's worth on a server
    /// (``FootprintPostgres/PostgresLedger/intensityBatch``), stored and replaced as one batch.
    @Test(arguments: Backend.available)
    func aYearOfHourlyReadingsForThreeZonesIsOneBatch(_ backend: Backend) throws {
        let store = try backend.emptyLedger()
        let hours = 8_760
        let year = ["DE", "FR", "PL"].flatMap { Self.hourly($0, hours: hours, base: 100, recordedAt: 1_000) }
        #expect(try store.storeIntensities(year) == IntensityStoreOutcome(inserted: 3 * hours))
        let again = year.map { reading in
            var newer = reading
            newer.recordedAt = 2_000
            return newer
        }
        #expect(try store.storeIntensities(again) == IntensityStoreOutcome(replaced: 3 * hours))
        let france = try store.intensities(
            zone: "FR", from: Self.day, to: Self.day + Double(hours) * Self.hour, factors: [.lifecycle], kinds: nil)
        #expect(france.count == hours && france.last?.intensity == .gramsPerKilowattHour(100 + Double(hours - 1)))
        #expect(try store.intensityCoverage().map(\.count) == [hours, hours, hours])
    }
}
