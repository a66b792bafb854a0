import FootprintCore
import Foundation
import GRDB
import Testing

@testable import FootprintLedger

/// The forecasts a run makes as its epochs end: kept through the recorder as they come, read back
/// in order, deleted with their run, and a ledger from before them opened without losing anything.
@Suite struct ForecastStorageTests {
    let base = LedgerTests()

    func forecast(after epochs: Int, at madeAt: Double, energy: Double = 1_000) -> EpochForecast {
        EpochForecast(
            madeAt: madeAt, afterEpochs: epochs, epochs: 10, durationSeconds: 100 + Double(epochs),
            energyJoules: energy, lowEnergyJoules: energy * 0.9, highEnergyJoules: energy * 1.1,
            co2eGrams: energy / 9_000, excludedWarmUp: epochs > 1, basis: "spread of \(epochs) epochs")
    }

    @Test func forecastsReadBackInTheOrderTheyWereMade() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        // The default batching: forecasts do not wait for the samples' next fold.
        let recorder = LedgerRecorder(ledger: ledger)
        try recorder.begin(base.header("f-1"))
        try recorder.begin(base.header("f-2"))
        #expect(try ledger.forecasts(runID: "f-1").isEmpty, "a run without forecasts has none")
        let made = [forecast(after: 1, at: 10.5), forecast(after: 2, at: 20.25, energy: 1_234.5)]
        for f in made { recorder.forecast(f, runID: "f-1") }
        recorder.forecast(forecast(after: 1, at: 5), runID: "f-2")
        // Another process sees them before the run ends.
        let reader = try Ledger(path: ledger.path, access: .read)
        #expect(try reader.forecasts(runID: "f-1") == made)
        #expect(try reader.forecasts(runID: "f-2").count == 1)
        recorder.end(base.ending(), runID: "f-1")
        #expect(try ledger.forecasts(runID: "f-1") == made)
        #expect(recorder.writeFailures.isEmpty)
    }

    /// A forecast that is not a finite figure of 0 or more is refused and counted, never stored.
    @Test func anInvalidForecastIsCountedNotStored() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        try recorder.begin(base.header("f-3"))
        recorder.forecast(forecast(after: 1, at: 1, energy: .nan), runID: "f-3")
        recorder.forecast(forecast(after: 1, at: 1), runID: "no-such-run")
        #expect(try ledger.forecasts(runID: "f-3").isEmpty)
        #expect(try ledger.forecasts(runID: "no-such-run").isEmpty)
        let failures = recorder.writeFailures
        #expect(failures.count == 2, "\(failures)")
        #expect(failures.allSatisfy { $0.contains("did not record this run's forecasts") })
    }

    @Test func forecastsGoWithTheirRun() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        try recorder.begin(base.header("f-4"))
        try recorder.begin(base.header("f-5"))
        recorder.forecast(forecast(after: 1, at: 1), runID: "f-4")
        recorder.forecast(forecast(after: 1, at: 1), runID: "f-5")
        recorder.end(base.ending(), runID: "f-4")
        #expect(try ledger.delete(["f-4"]) == 1)
        #expect(try ledger.forecasts(runID: "f-4").isEmpty)
        // A run that never took place takes its forecasts with it too.
        recorder.discard(runID: "f-5")
        let rows = try DatabaseQueue(path: ledger.path).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM forecast")
        }
        #expect(rows == 0)
    }

    /// A ledger written by the footprint before forecasts were kept (schema v3, with a run and its
    /// experiments) opens read-only as `footprint report` opens it, keeps everything, and takes
    /// forecasts afterwards.
    @Test func aVersionThreeLedgerOpensAndTakesForecasts() throws {
        let (path, old) = try base.olderLedger(upTo: "v3: experiments")
        let suite = ExperimentFixtures.suite(runID: "v3-run", names: [.batchSize])
        let result = try #require(try Ledger.encodedResults(of: suite).first)
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, name, command, host, started_at, scope, intensity_g_per_kwh, pue, status, duration_s,
                        cpu_j, gpu_j, ram_j, energy_j, co2e_g, cpu_method, gpu_method, ram_method)
                    VALUES ('v3-run', 'before v4', '["true"]', 'h', 1800000000, 'process', 400, 1, 'finished', 2,
                        10, 0, 1, 11, 0.0012, 'modeled:tdp-load', 'none', 'modeled:ram-per-gb')
                    """)
            try db.execute(
                sql: """
                    INSERT INTO experiment_suite (run_id, engine, scale, machine, repeats, status, started, device)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    "v3-run", suite.engine.rawValue, suite.scale.rawValue, suite.machine, suite.repeats,
                    suite.status.rawValue, suite.started, suite.device
                ])
            try db.execute(
                sql: "INSERT INTO experiment (run_id, position, name, result) VALUES ('v3-run', 0, ?, ?)",
                arguments: [result.name, result.json])
        }
        try old.close()
        let reader = try Ledger(path: path, access: .read)
        #expect(try reader.appliedMigrations() == LedgerTests.allMigrations)
        #expect(try reader.run("v3-run").energy.joules == 11)
        #expect(try reader.experiments(runID: "v3-run") == suite)
        #expect(try reader.forecasts(runID: "v3-run").isEmpty)
        let recorder = LedgerRecorder(ledger: try Ledger(path: path))
        recorder.forecast(forecast(after: 1, at: 1), runID: "v3-run")
        #expect(try reader.forecasts(runID: "v3-run") == [forecast(after: 1, at: 1)])
        #expect(recorder.writeFailures.isEmpty)
    }
}
