import FootprintCore
import Foundation
import GRDB
import Testing

@testable import FootprintLedger

/// A run's experiment results in the ledger: stored, replaced as the suite goes on, deleted with
/// the run, and refused with a reason when this version cannot read them.
@Suite struct ExperimentStorageTests {
    let base = LedgerTests()

    func ledgerWithRun(_ id: String) throws -> Ledger {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        try LedgerRecorder(ledger: ledger, batchSeconds: 0).begin(base.header(id))
        return ledger
    }

    @Test func aSuiteReadsBackAsItWasStored() throws {
        let suite = ExperimentFixtures.suite(runID: "exp-1")
        let ledger = try ledgerWithRun("exp-1")
        #expect(try ledger.experiments(runID: "exp-1") == nil, "a run without experiments has none")
        try ledger.recordExperiments(suite)
        #expect(try ledger.experiments(runID: "exp-1") == suite)
        // A reader in another process sees the same.
        let reader = try Ledger(path: ledger.path, access: .read)
        #expect(try reader.experiments(runID: "exp-1") == suite)
    }

    /// The runner records the suite after every experiment: each recording replaces the last, and
    /// recording the same suite twice leaves one copy.
    @Test func recordingAgainReplacesTheRunsSuite() throws {
        let ledger = try ledgerWithRun("exp-2")
        try ledger.recordExperiments(ExperimentFixtures.suite(runID: "exp-2", names: [.trainingSetSize, .epochs]))
        let interrupted = ExperimentFixtures.suite(runID: "exp-2", names: [.pruning], status: .interrupted)
        try ledger.recordExperiments(interrupted)
        try ledger.recordExperiments(interrupted)
        #expect(try ledger.experiments(runID: "exp-2") == interrupted)
        let rows = try DatabaseQueue(path: ledger.path).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM experiment WHERE run_id = 'exp-2'")
        }
        #expect(rows == 1)
    }

    @Test func deletingARunDeletesItsExperiments() throws {
        let ledger = try ledgerWithRun("exp-3")
        LedgerRecorder(ledger: ledger, batchSeconds: 0).end(base.ending(), runID: "exp-3")
        try ledger.recordExperiments(ExperimentFixtures.suite(runID: "exp-3"))
        #expect(try ledger.delete(["exp-3"]) == 1)
        #expect(try ledger.experiments(runID: "exp-3") == nil)
        let left = try DatabaseQueue(path: ledger.path).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM experiment"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM experiment_suite")
            )
        }
        #expect(left.0 == 0 && left.1 == 0)
    }

    @Test func experimentsOfARunThatIsNotThereAreRefused() throws {
        let ledger = try ledgerWithRun("exp-4")
        #expect {
            try ledger.recordExperiments(ExperimentFixtures.suite(runID: "not-a-run"))
        } throws: { ($0 as? LedgerError)?.reason == .noSuchRun }
    }

    /// A figure JSON cannot hold is refused before anything is written: the stored suite stays.
    @Test func aFigureThatIsNotANumberIsRefused() throws {
        let ledger = try ledgerWithRun("exp-5")
        let good = ExperimentFixtures.suite(runID: "exp-5", names: [.precision])
        try ledger.recordExperiments(good)
        var bad = ExperimentFixtures.suite(runID: "exp-5", names: [.precision])
        bad.experiments = [
            ExperimentFixtures.result(
                .precision,
                configurations: [
                    ExperimentFixtures.configuration(
                        "float32", ConfigurationParameters(phase: .inference, precision: "float32"), joules: .nan)
                ])
        ]
        #expect {
            try ledger.recordExperiments(bad)
        } throws: { ($0 as? LedgerError)?.reason == .invalidValue }
        #expect(try ledger.experiments(runID: "exp-5") == good)
    }

    /// A result a newer footprint wrote (a verdict, an engine this version does not know) is an
    /// error that says so, not an empty or partial suite.
    @Test(arguments: [
        (
            "UPDATE experiment SET result = replace(result, '\"verdict\":\"confirmed\"', '\"verdict\":\"refuted\"')",
            "cannot read"
        ),
        ("UPDATE experiment SET result = '{\"name\":\"energy-per-token\"}'", "energy-per-token"),
        ("UPDATE experiment_suite SET engine = 'jax'", "experiment engine 'jax'")
    ])
    func aResultThisVersionCannotReadIsAnError(edit: String, named: String) throws {
        let ledger = try ledgerWithRun("exp-6")
        try ledger.recordExperiments(
            ExperimentFixtures.suite(runID: "exp-6", names: [.trainingSetSize, .modelSize, .precision]))
        try DatabaseQueue(path: ledger.path).write { db in try db.execute(sql: edit) }
        #expect {
            try ledger.experiments(runID: "exp-6")
        } throws: { error in
            guard let error = error as? LedgerError else { return false }
            return error.reason == .unknownStoredValue && error.description.contains("exp-6")
                && error.description.contains(named)
        }
    }

    /// A ledger written by the footprint before experiments were stored (schema v2) opens, keeps
    /// its runs, and takes experiments.
    @Test func aVersionTwoLedgerOpensAndTakesExperiments() throws {
        let (path, old) = try base.olderLedger(upTo: "v2: machine usage")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, name, command, host, started_at, scope, intensity_g_per_kwh, pue, status, duration_s,
                        cpu_j, gpu_j, ram_j, energy_j, co2e_g, cpu_method, gpu_method, ram_method)
                    VALUES ('v2-run', 'before v3', '["true"]', 'h', 1800000000, 'process', 400, 1, 'finished', 2,
                        10, 0, 1, 11, 0.0012, 'modeled:tdp-load', 'none', 'modeled:ram-per-gb')
                    """)
        }
        try old.close()
        // Read-only first, as `footprint report` opens it: the upgrade happens once, on a writable file.
        let reader = try Ledger(path: path, access: .read)
        #expect(try reader.appliedMigrations() == LedgerTests.allMigrations)
        #expect(try reader.run("v2-run").energy.joules == 11)
        #expect(try reader.experiments(runID: "v2-run") == nil)
        let writer = try Ledger(path: path)
        let suite = ExperimentFixtures.suite(runID: "v2-run", names: [.batchSize])
        try writer.recordExperiments(suite)
        #expect(try writer.experiments(runID: "v2-run") == suite)
    }
}
