import FootprintCore
import Foundation
import GRDB
import Testing

@testable import FootprintLedger

/// What only the SQLite ledger does with hourly pricing: the upgrade of a v7 file, the planned start
/// `begin` writes, its delivery to a server's ledger, and a day-long run priced again. What both
/// backends do alike is in the shared suite (SharedPricingTests).
@Suite struct PricingStorageTests {
    let base = LedgerTests()
    let transfer = LedgerTransferTests()

    static let basis = PricingBasis(
        kind: .hourly, hourlySources: ["Electricity Maps"], factor: .lifecycle,
        annualSource: "Our World in Data / Ember, 2023", hourlyShare: 1)
    static let planned = PlannedStartRecord(
        start: 1_800_003_600, end: 1_800_010_800, deadline: 1_800_086_400, intensity: .gramsPerKilowattHour(190),
        nowIntensity: .gramsPerKilowattHour(420), basis: "forecast (Electricity Maps)")

    /// A ledger written before hourly pricing (v7) keeps its runs and samples; they read back
    /// priced at their annual figure, with no planned start and no sample intensities, and can be
    /// priced by the hour afterwards.
    @Test func aVersionSevenLedgerKeepsItsRunsAndTakesPrices() throws {
        let (path, old) = try base.olderLedger(upTo: "v7: intensities")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, name, command, host, started_at, scope, intensity_g_per_kwh, pue, status, duration_s,
                        cpu_j, gpu_j, ram_j, energy_j, co2e_g, cpu_method, gpu_method, ram_method)
                    VALUES ('v7-run', 'before v8', '["true"]', 'h', 1800000000, 'machine', 400, 1, 'finished', 2,
                        3600000, 0, 0, 3600000, 400, 'measured:rapl', 'none', 'none')
                    """)
            try db.execute(
                sql: """
                    INSERT INTO sample (run_id, t, dt, cpu_j, cpu_process_j, gpu_j, gpu_process_j, ram_j, ram_process_j,
                        cpu_utilization, process_cpu_share) VALUES ('v7-run', 1, 1, 1800000, 0, 0, 0, 0, 0, 1, 0),
                        ('v7-run', 2, 1, 1800000, 0, 0, 0, 0, 0, 1, 0)
                    """)
        }
        try old.close()
        let ledger = try Ledger(path: path, access: .read)
        #expect(try ledger.appliedMigrations() == LedgerTests.allMigrations)
        let run = try ledger.run("v7-run")
        #expect(run.pricing == nil && run.planned == nil && run.emissions == .grams(400))
        #expect(run.pricedIntensity == .gramsPerKilowattHour(400))
        #expect(try ledger.samples(of: "v7-run").map(\.intensity) == [nil, nil])

        let writer = try Ledger(path: path, access: .write)
        try writer.reprice(
            "v7-run",
            RunRepricing(
                emissions: .grams(300), basis: Self.basis,
                sampleIntensities: [.init(t: 1, gramsPerKilowattHour: 250), .init(t: 2, gramsPerKilowattHour: 350)],
                pricedAt: 1_800_100_000, reason: "footprint runs recompute"))
        #expect(try ledger.run("v7-run").pricedIntensity == .gramsPerKilowattHour(300))
        #expect(try ledger.samples(of: "v7-run").map(\.intensity) == [250, 350])
        #expect(
            try ledger.pricingHistory(of: "v7-run") == [
                RunPriceRecord(
                    replacedAt: 1_800_100_000, emissions: .grams(400), basis: nil, reason: "footprint runs recompute")
            ])
    }

    /// `begin` writes the planned start with the run's first row; a run started at once has none.
    @Test func beginWritesThePlannedStart() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        var header = base.header("planned")
        header.planned = Self.planned
        try recorder.begin(header)
        try recorder.begin(base.header("at-once"))
        #expect(try ledger.run("planned").planned == Self.planned)
        recorder.sample(base.sample(1), runID: "planned")
        recorder.end(base.ending(), runID: "planned")
        recorder.end(base.ending(), runID: "at-once")
        #expect(try ledger.run("planned").planned == Self.planned && ledger.run("planned").pricing == nil)
        #expect(try ledger.run("at-once").planned == nil)
    }

    /// A run recorded for a server's ledger reaches it with its planned start, and a price given in
    /// the spool before delivery goes with it.
    @Test func aDeliveredRunCarriesItsPlannedStart() throws {
        let server = DeliveringRecorderTests.Server(try transfer.target())
        let (recorder, _) = try DeliveringRecorderTests().recorder(server)
        var header = base.header("d")
        header.planned = Self.planned
        try recorder.begin(header)
        for t in 1...5 { recorder.sample(base.sample(Double(t)), runID: "d") }
        recorder.end(base.ending(duration: 5, energy: 42), runID: "d")
        let delivered = try server.ledger.run("d")
        #expect(delivered.planned == Self.planned && delivered.status == .finished)
        #expect(try server.ledger.sampleCount(of: "d") == 5)
    }

    /// An interrupted run (its recorder killed, its row still "running") priced by the hour keeps
    /// the priced figure, where an unpriced one is priced from its samples at its annual figure.
    @Test func anInterruptedRunKeepsItsPrice() throws {
        let ledger = try transfer.source("cut", samples: 4, ended: false, pid: LedgerTransferTests.deadPID)
        let before = try ledger.run("cut")
        #expect(before.status == .interrupted && before.emissions.grams > 0)
        try ledger.reprice(
            "cut",
            RunRepricing(
                emissions: before.emissions * 0.5, basis: Self.basis, sampleIntensities: [], pricedAt: 1_800_100_000,
                reason: "footprint runs recompute"))
        let after = try ledger.run("cut")
        #expect(after.emissions == before.emissions * 0.5 && after.pricing == Self.basis)
        #expect(try ledger.pricingHistory(of: "cut").map(\.emissions) == [before.emissions])
    }

    /// A day of 1 s samples and more (100,000) priced again in one transaction: every sample takes its
    /// intensity. No timing is asserted.
    @Test func aHundredThousandSamplesArePricedAgain() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        var run = base.header("long")
        run.status = .finished
        let count = 100_000
        let samples = (1...count).map { base.sample(Double($0)) }
        try ledger.store(RunBundle(run: run, samples: samples, tasks: [], forecasts: [], experiments: nil))
        let intensities = (1...count).map { SampleIntensity(t: Double($0), gramsPerKilowattHour: Double($0 % 500)) }
        try ledger.reprice(
            "long",
            RunRepricing(
                emissions: .grams(12), basis: Self.basis, sampleIntensities: intensities, pricedAt: 1_800_100_000,
                reason: "at the end of the run"))
        let read = try ledger.samples(of: "long")
        #expect(read.count == count)
        #expect(read.map(\.intensity) == intensities.map(\.gramsPerKilowattHour))
    }
}
