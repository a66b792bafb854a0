import FootprintCore
import Foundation
import GRDB
import Testing

@testable import FootprintLedger

/// Runs keep the job they belong to: written at begin, read back whole, found by job id, and
/// ledgers from before jobs were kept still open.
@Suite struct JobStorageTests {
    let base = LedgerTests()
    let job = JobIdentity(
        scheduler: .slurm, id: "4242", name: "train", rank: 3, localRank: 1, worldSize: 4, node: "node2", pod: "p",
        namespace: "ml")

    @Test func aRunKeepsItsJob() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        var header = base.header("j1")
        header.job = job
        try recorder.begin(header)
        try recorder.begin(base.header("plain"))
        #expect(try ledger.run("j1").job == job)
        recorder.end(base.ending(), runID: "j1")
        #expect(try ledger.run("j1").job == job)
        #expect(try ledger.run("plain").job == nil)
        #expect(try ledger.runs(jobID: "4242").map(\.id) == ["j1"])
        #expect(try ledger.runs(jobID: "424").isEmpty)
    }

    /// A recorder killed mid-run leaves its samples in the log; the next open folds them into the
    /// run, which still names its job.
    @Test func aRunRecoveredFromItsLogKeepsItsJob() throws {
        let path = base.temporaryLedgerPath()
        do {
            let recorder = LedgerRecorder(ledger: try Ledger(path: path), batchSeconds: 1_000)
            var header = base.header("j2", pid: 999_999_99)
            header.job = job
            try recorder.begin(header)
            recorder.sample(base.sample(1), runID: "j2")
            recorder.sample(base.sample(2), runID: "j2")
        }
        let reader = try Ledger(path: path, access: .read)
        #expect(try reader.samples(of: "j2").count == 2)
        let run = try reader.run("j2")
        #expect(run.job == job && run.status == .interrupted)
    }

    /// A ledger written before jobs were kept (schema v4) opens read-only as `footprint runs` opens
    /// it, its runs without a job, and records jobs afterwards.
    @Test func aVersionFourLedgerOpensAndTakesJobs() throws {
        let (path, old) = try base.olderLedger(upTo: "v4: forecasts")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, name, command, host, started_at, scope, intensity_g_per_kwh, pue, status, duration_s,
                        cpu_j, gpu_j, ram_j, energy_j, co2e_g, cpu_method, gpu_method, ram_method)
                    VALUES ('v4-run', 'before v5', '["true"]', 'h', 1800000000, 'process', 400, 1, 'finished', 2,
                        10, 0, 1, 11, 0.0012, 'modeled:tdp-load', 'none', 'modeled:ram-per-gb')
                    """)
        }
        try old.close()
        let reader = try Ledger(path: path, access: .read)
        #expect(try reader.appliedMigrations() == LedgerTests.allMigrations)
        let run = try reader.run("v4-run")
        #expect(run.job == nil && run.energy.joules == 11)
        let recorder = LedgerRecorder(ledger: try Ledger(path: path), batchSeconds: 0)
        var header = base.header("v5-run")
        header.job = job
        try recorder.begin(header)
        #expect(try reader.runs(jobID: "4242").map(\.id) == ["v5-run"])
    }

    @Test func anUnknownSchedulerIsNamedNotGuessed() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        var header = base.header("j3")
        header.job = job
        try LedgerRecorder(ledger: ledger, batchSeconds: 0).begin(header)
        try DatabaseQueue(path: ledger.path).write { db in
            try db.execute(sql: "UPDATE run SET job_scheduler = 'pbs' WHERE id = 'j3'")
        }
        #expect {
            try ledger.run("j3")
        } throws: { error in
            guard let error = error as? LedgerError else { return false }
            return error.reason == .unknownStoredValue && error.description.contains("job scheduler")
                && error.description.contains("pbs")
        }
    }
}
