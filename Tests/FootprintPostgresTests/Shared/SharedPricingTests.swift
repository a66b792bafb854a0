import FootprintCore
import FootprintLedger
import Foundation
import GRDB
import Testing

@testable import FootprintPostgres

/// Runs priced by the hour, held to both backends: the basis and the planned start a run keeps, the
/// intensity of each sample, a new price with the figure it replaced kept in the run's history,
/// the refusals, and the copy of all of it (with the intensity readings) between ledgers.
@Suite struct SharedPricingTests {
    static let start = 1_800_000_000.0

    static let hourly = PricingBasis(
        kind: .hourly, hourlySources: ["Electricity Maps"], factor: .lifecycle,
        annualSource: "Our World in Data / Ember, 2023", hourlyShare: 1)
    static let partly = PricingBasis(
        kind: .partlyHourly, hourlySources: ["UK National Grid ESO"], factor: .direct,
        annualSource: "Our World in Data / Ember, 2023", hourlyShare: 0.5)
    static let planned = PlannedStartRecord(
        start: start, end: start + 7_200, deadline: start + 86_400, intensity: .gramsPerKilowattHour(210.5),
        nowIntensity: .gramsPerKilowattHour(380.25), basis: "forecast (Electricity Maps)")

    /// A new price of run `r`'s samples at 1…`count` s: `base + t` g/kWh each.
    static func repricing(
        _ grams: Double, _ basis: PricingBasis, samples count: Int = 4, base: Double = 300, at pricedAt: Double,
        reason: String = "at the end of the run"
    ) -> RunRepricing {
        RunRepricing(
            emissions: .grams(grams), basis: basis,
            sampleIntensities: (1...count).map {
                SampleIntensity(t: Double($0), gramsPerKilowattHour: base + Double($0))
            },
            pricedAt: pricedAt, reason: reason)
    }

    func pricing(_ ledger: any RunBundleStore) throws -> any RunPricingStore {
        try #require(ledger as? any RunPricingStore)
    }

    @Test(arguments: Backend.available)
    func aNewPriceKeepsTheFigureItReplaces(_ backend: Backend) throws {
        let ledger = try backend.ledger(holding: [Records.run("r")], samples: 4)
        let store = try pricing(ledger)
        let before = try ledger.run("r")
        #expect(before.pricing == nil && before.planned == nil)
        #expect(try ledger.samples(of: "r").allSatisfy { $0.intensity == nil })
        #expect(try store.pricingHistory(of: "r").isEmpty)

        try store.reprice("r", Self.repricing(0.2, Self.hourly, at: Self.start + 100))
        let priced = try ledger.run("r")
        #expect(priced.emissions == .grams(0.2) && priced.pricing == Self.hourly)
        // The place's annual figure stays what it was: the fallback, never the hourly mean.
        #expect(priced.intensity == before.intensity)
        #expect(try ledger.samples(of: "r").map(\.intensity) == [301, 302, 303, 304])
        #expect(
            try store.pricingHistory(of: "r") == [
                RunPriceRecord(
                    replacedAt: Self.start + 100, emissions: before.emissions, basis: nil,
                    reason: "at the end of the run")
            ])

        // Priced again, naming two samples: the others keep theirs; the history grows, oldest first.
        try store.reprice(
            "r", Self.repricing(0.3, Self.partly, samples: 2, base: 500, at: Self.start + 200, reason: "recompute"))
        #expect(try ledger.run("r").emissions == .grams(0.3) && ledger.run("r").pricing == Self.partly)
        #expect(try ledger.samples(of: "r").map(\.intensity) == [501, 502, 303, 304])
        let history = try store.pricingHistory(of: "r")
        #expect(history.map(\.emissions) == [before.emissions, .grams(0.2)])
        #expect(
            history.map(\.basis) == [nil, Self.hourly]
                && history.map(\.reason) == ["at the end of the run", "recompute"])
        // Totals sum the priced figure.
        #expect(try ledger.totals().emissions == .grams(0.3))
    }

    @Test(arguments: Backend.available)
    func aRunStillRecordingOrUnknownIsRefusedAndNothingChanges(_ backend: Backend) throws {
        var here = Records.run("live", status: .running, host: Host.name())
        here.pid = getpid()
        let elsewhere = Records.run("away", status: .running, host: "another-host")
        let ledger = try backend.ledger(holding: [here, elsewhere, Records.run("done")])
        let store = try pricing(ledger)
        let cases: [(String, LedgerError.Reason)] = [
            ("live", .liveRun), ("away", .liveRunElsewhere), ("nope", .noSuchRun)
        ]
        for (id, reason) in cases {
            #expect(throws: LedgerError.self) {
                try store.reprice(id, Self.repricing(1, Self.hourly, samples: 3, at: Self.start))
            }
            do {
                try store.reprice(id, Self.repricing(1, Self.hourly, samples: 3, at: Self.start))
            } catch {
                #expect(error.reason == reason, "\(id): \(error)")
                if reason != .noSuchRun { #expect(error.description.contains("not pricing again \(id)")) }
            }
            #expect(try store.pricingHistory(of: id).isEmpty)
        }
        #expect(try ledger.samples(of: "live").allSatisfy { $0.intensity == nil })
        // A value no ledger keeps is refused before anything is written.
        for bad in [Self.repricing(.nan, Self.hourly, at: Self.start), Self.repricing(-1, Self.hourly, at: Self.start)]
        {
            do {
                try store.reprice("done", bad)
                Issue.record("a bad value was written")
            } catch { #expect(error.reason == .invalidValue) }
        }
        var badSample = Self.repricing(1, Self.hourly, at: Self.start)
        badSample.sampleIntensities[1].gramsPerKilowattHour = .infinity
        #expect(throws: LedgerError.self) { try store.reprice("done", badSample) }
        #expect(try ledger.run("done").pricing == nil && store.pricingHistory(of: "done").isEmpty)
    }

    @Test(arguments: Backend.available)
    func deletingARunDeletesItsHistory(_ backend: Backend) throws {
        let ledger = try backend.ledger(holding: [Records.run("r"), Records.run("s")])
        let store = try pricing(ledger)
        try store.reprice("r", Self.repricing(0.2, Self.hourly, samples: 3, at: Self.start))
        try store.reprice("s", Self.repricing(0.2, Self.hourly, samples: 3, at: Self.start))
        #expect(try ledger.delete(["r"]) == 1)
        #expect(try store.pricingHistory(of: "r").isEmpty)
        // The run's id again: it starts without the deleted run's history.
        try ledger.store(Records.bundle(Records.run("r"), samples: Records.samples(3)))
        #expect(try store.pricingHistory(of: "r").isEmpty)
        #expect(try store.pricingHistory(of: "s").count == 1)
    }

    @Test(arguments: Backend.available)
    func thePlannedStartAndTheBasisReadBackAndACorruptCellReadsAsNone(_ backend: Backend) throws {
        var run = Records.run("r")
        run.planned = Self.planned
        run.pricing = Self.hourly
        run.emissions = .grams(0.21)
        var samples = Records.samples(3)
        samples[1].intensity = 250
        let ledger = try backend.emptyLedger()
        try ledger.store(RunBundle(run: run, samples: samples, tasks: [], forecasts: [], experiments: nil))
        let read = try ledger.run("r")
        #expect(read == run)
        #expect(read.pricedIntensity != read.intensity)
        #expect(try ledger.samples(of: "r").map(\.intensity) == [nil, 250, nil])

        try execute(on: ledger, "UPDATE run SET pricing = '{\"kind\": \"hourly\"', planned = 'not json' WHERE id = 'r'")
        let damaged = try ledger.run("r")
        #expect(damaged.pricing == nil && damaged.planned == nil && damaged.emissions == .grams(0.21))
    }

    /// Runs SQL on either backend's database, as a hand edit would.
    func execute(on ledger: any RunBundleStore, _ sql: String) throws {
        if let sqlite = ledger as? Ledger {
            try DatabaseQueue(path: sqlite.path).write { db in try db.execute(sql: sql) }
        } else {
            let postgres = try #require(ledger as? PostgresLedger)
            _ = try postgres.session.withConnection { queries in try queries.execute(sql) }
        }
    }

    /// A run priced by the hour, copied to either backend and back: its basis, planned start,
    /// sample intensities and history go with it, and so do the intensity readings; a new price
    /// in the source reaches a target that had the run already.
    @Test(arguments: Backend.available)
    func aCopyCarriesThePriceTheHistoryAndTheReadings(_ backend: Backend) throws {
        let source = try Backend.sqlite.emptyLedger()
        var run = Records.run("r")
        run.planned = Self.planned
        try source.store(Records.bundle(run, samples: Records.samples(4)))
        let sourcePricing = try pricing(source)
        try sourcePricing.reprice("r", Self.repricing(0.2, Self.hourly, at: Self.start + 100))
        _ = try source.storeIntensities(SharedIntensityStoreTests.hourly(hours: 30))
        _ = try source.storeIntensities(SharedIntensityStoreTests.hourly("FR", hours: 6, factor: .direct))

        let target = try backend.emptyLedger()
        let counts = try LedgerTransfer.copy(RunFilter(), from: source, to: target, sliceSamples: 3)
        #expect(counts.newRuns == 1 && counts.samplesAdded == 4 && counts.repriced == 0)
        let readings = try LedgerTransfer.copyIntensities(from: source, to: target, batch: 7)
        #expect(readings == LedgerTransfer.IntensityCounts(readings: 36, stored: 36))
        try expectSamePrice("r", source, target)
        #expect(try target.intensityCoverage() == source.intensityCoverage())
        #expect(try LedgerTransfer.copyIntensities(from: source, to: target).stored == 0)

        // Priced again in the source: the target, which has every sample, takes the new price.
        try sourcePricing.reprice("r", Self.repricing(0.3, Self.partly, base: 600, at: Self.start + 200))
        let again = try LedgerTransfer.copy(RunFilter(), from: source, to: target, sliceSamples: 3)
        #expect(again.repriced == 1 && again.samplesAdded == 0 && again.unchanged == 0 && !again.addedNothing)
        try expectSamePrice("r", source, target)
        #expect(try pricing(target).pricingHistory(of: "r").count == 2)
        let third = try LedgerTransfer.copy(RunFilter(), from: source, to: target)
        #expect(third.addedNothing && third.unchanged == 1)

        // And back into a fresh SQLite ledger.
        let back = try Backend.sqlite.emptyLedger()
        _ = try LedgerTransfer.copy(RunFilter(), from: target, to: back)
        try expectSamePrice("r", source, back)
        #expect(try LedgerTransfer.copyIntensities(from: target, to: back).stored == 36)

        // Priced later in the target than in the source: a copy keeps the target's newer price.
        let targetPricing = try pricing(target)
        try targetPricing.reprice("r", Self.repricing(0.4, Self.hourly, base: 700, at: Self.start + 300))
        let newer = try target.run("r")
        let kept = try LedgerTransfer.copy(RunFilter(), from: source, to: target)
        #expect(kept.repriced == 0 && kept.unchanged == 1)
        #expect(try target.run("r") == newer && target.samples(of: "r").map(\.intensity) == [701, 702, 703, 704])
        #expect(try targetPricing.pricingHistory(of: "r").map(\.emissions) == [.grams(0.255), .grams(0.2), .grams(0.3)])
    }

    func expectSamePrice(
        _ id: String, _ a: any RunBundleStore, _ b: any RunBundleStore,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let (runA, runB) = (try a.run(id), try b.run(id))
        #expect(runA.pricing == runB.pricing && runA.planned == runB.planned, sourceLocation: sourceLocation)
        #expect(runA.emissions == runB.emissions && runB.planned == Self.planned, sourceLocation: sourceLocation)
        #expect(try a.samples(of: id) == b.samples(of: id), sourceLocation: sourceLocation)
        #expect(
            try pricing(a).pricingHistory(of: id) == pricing(b).pricingHistory(of: id), sourceLocation: sourceLocation)
    }
}
