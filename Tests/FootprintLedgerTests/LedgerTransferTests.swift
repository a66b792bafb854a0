import FootprintCore
import Foundation
import GRDB
import Testing

@testable import FootprintLedger

/// Runs copied whole between two SQLite ledgers: bundles, idempotent stores, slices, resumption,
/// and the spool's delivery, including a run whose recorder was killed.
@Suite struct LedgerTransferTests {
    let base = LedgerTests()
    /// A pid no process has (above Linux's largest): the recorder of a run with it is gone.
    static let deadPID: Int32 = 4_194_305

    /// A ledger holding run `id` with `samples` samples, two tasks and a forecast, ended unless
    /// `ended` is false.
    func source(_ id: String = "r1", samples: Int = 25, ended: Bool = true, pid: Int32 = getpid()) throws -> Ledger {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        try record(id, into: ledger, samples: 0..<samples, ended: ended, pid: pid)
        return ledger
    }

    func record(_ id: String, into ledger: Ledger, samples: Range<Int>, ended: Bool, pid: Int32 = getpid()) throws {
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        try recorder.begin(base.header(id, pid: pid))
        for t in samples { recorder.sample(base.sample(Double(t + 1)), runID: id) }
        recorder.tasks(
            [
                TaskRecord(name: "epoch", start: 0, end: 5, cpuJoules: 1, gpuJoules: 2, ramJoules: 0.5),
                TaskRecord(name: "epoch", start: 5, end: 9, cpuJoules: 1, gpuJoules: 2, ramJoules: 0.5)
            ], runID: id)
        recorder.forecast(
            EpochForecast(
                madeAt: 5, afterEpochs: 1, epochs: 2, durationSeconds: 10, energyJoules: 900, lowEnergyJoules: 800,
                highEnergyJoules: 1000, co2eGrams: 0.1, excludedWarmUp: false, basis: "one epoch"), runID: id)
        if ended { recorder.end(base.ending(duration: Double(samples.count), energy: 42), runID: id) }
    }

    func target() throws -> Ledger { try Ledger(path: base.temporaryLedgerPath()) }

    /// Expects everything a report reads of run `id` to be the same in both ledgers.
    func expectSame(_ id: String, _ a: Ledger, _ b: Ledger, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try a.run(id) == b.run(id), sourceLocation: sourceLocation)
        #expect(try a.samples(of: id) == b.samples(of: id), sourceLocation: sourceLocation)
        #expect(try a.tasks(of: id) == b.tasks(of: id), sourceLocation: sourceLocation)
        #expect(try a.forecasts(runID: id) == b.forecasts(runID: id), sourceLocation: sourceLocation)
        #expect(try a.experiments(runID: id) == b.experiments(runID: id), sourceLocation: sourceLocation)
    }

    @Test func aCopiedRunReadsBackAsInItsSource() throws {
        let from = try source()
        try from.recordExperiments(ExperimentFixtures.suite(runID: "r1"))
        let to = try target()
        let counts = try LedgerTransfer.copy(RunFilter(), from: from, to: to)
        #expect(
            counts
                == {
                    var c = LedgerTransfer.Counts(); (c.runs, c.newRuns, c.samplesAdded) = (1, 1, 25); return c
                }())
        try expectSame("r1", to, from)
    }

    @Test func copyingAgainAddsNothing() throws {
        let from = try source()
        let to = try target()
        try LedgerTransfer.copy(RunFilter(), from: from, to: to)
        let again = try LedgerTransfer.copy(RunFilter(), from: from, to: to)
        #expect(again.addedNothing && again.unchanged == 1 && again.runs == 1)
        #expect(
            try to.sampleCount(of: "r1") == 25 && to.tasks(of: "r1").count == 2 && to.forecasts(runID: "r1").count == 1)
        // Storing the same bundle twice: the run was there, no sample is new.
        let bundle = try #require(try from.bundle(of: "r1", samplesAfter: nil, sampleLimit: nil))
        #expect(try to.store(bundle) == StoredBundle(newRun: false, samplesAdded: 0))
    }

    @Test func aLongRunMovesInSlicesAndResumesAfterTheTargetsLastSample() throws {
        let from = try source(samples: 25, ended: false)
        let to = try target()
        let slice = try #require(try from.bundle(of: "r1", samplesAfter: nil, sampleLimit: 10))
        #expect(slice.samples.count == 10 && !slice.samplesComplete)
        let rest = try #require(try from.bundle(of: "r1", samplesAfter: 10, sampleLimit: 100))
        #expect(rest.samples.map(\.t).first == 11 && rest.samplesComplete && rest.samplesAfter == 10)
        #expect(try LedgerTransfer.copy(run: "r1", from: from, to: to, sliceSamples: 10)?.samplesAdded == 25)
        #expect(try to.lastSampleTime(of: "r1") == 25)
        #expect(try to.run("r1").status == .running, "a run still recorded is delivered as running")
        // The run goes on, then ends: the next copy brings what came since and the totals.
        let recorder = LedgerRecorder(ledger: from, batchSeconds: 0)
        try from.database.write { db in
            try SampleLog.fold(
                (25..<30).map { .sample(base.sample(Double($0 + 1))) }, runID: "r1", into: db, deduplicating: false)
        }
        recorder.end(base.ending(duration: 30, energy: 42), runID: "r1")
        #expect(try LedgerTransfer.copy(run: "r1", from: from, to: to, sliceSamples: 10)?.samplesAdded == 5)
        try expectSame("r1", to, from)
    }

    @Test func aGapBeforeTheTargetsLastSampleIsFilled() throws {
        let from = try source(samples: 20)
        let to = try target()
        var partial = try #require(try from.bundle(of: "r1", samplesAfter: nil, sampleLimit: nil))
        partial.samples.removeSubrange(5..<12)
        try to.store(partial)
        #expect(try to.sampleCount(of: "r1") == 13)
        #expect(try LedgerTransfer.copy(run: "r1", from: from, to: to)?.samplesAdded == 7)
        #expect(try to.samples(of: "r1") == from.samples(of: "r1"))
    }

    @Test func aRunNotInTheSourceIsNotCopied() throws {
        #expect(try LedgerTransfer.copy(run: "nope", from: try source(), to: try target()) == nil)
    }

    @Test func onlyTheFilteredRunsAreCopied() throws {
        let from = try source("a")
        let recorder = LedgerRecorder(ledger: from, batchSeconds: 0)
        try recorder.begin(base.header("b", project: "other"))
        recorder.end(base.ending(), runID: "b")
        let to = try target()
        let counts = try LedgerTransfer.copy(RunFilter(project: "other"), from: from, to: to)
        #expect(counts.runs == 1 && counts.newRuns == 1)
        #expect(try to.runs().map(\.id) == ["b"])
    }

    @Test func aValueTheLedgerRefusesIsNotStored() throws {
        let to = try target()
        var bundle = try #require(try source().bundle(of: "r1", samplesAfter: nil, sampleLimit: nil))
        bundle.samples[3].cpuJoules = .nan
        #expect(throws: LedgerError.self) { try to.store(bundle) }
        #expect(try to.runs().isEmpty)
    }

    // MARK: The spool

    @Test func aSpoolsFileNameIsTheLocationMadeFileSafeWithoutItsQuery() {
        let name = LedgerSpool.fileName(for: "postgres://alice@db.example.org:5432/team?sslmode=require")
        #expect(name.hasPrefix("alice@db.example.org_5432_team-") && name.hasSuffix(".sqlite"))
        #expect(!name.contains("/") && !name.contains(":") && !name.contains("?"))
        #expect(name == LedgerSpool.fileName(for: "postgres://alice@db.example.org:5432/team"))
        #expect(name != LedgerSpool.fileName(for: "postgres://alice@db.example.org:5432/team2"))
        #expect(name != LedgerSpool.fileName(for: "postgres://alice@db.example.org:5432/team_"))
        let spool = LedgerSpool(target: "postgres://a@h/db", environment: ["FOOTPRINT_DATA_DIR": "/data"])
        #expect(spool.path.hasPrefix("/data/spool/a@h_db-"))
    }

    /// What a command delivers when it opens the server's ledger: ended runs and runs whose
    /// recorder died (their samples only in the spool's sample logs), not a run still recorded.
    @Test func aSpoolDeliversEndedAndOrphanedRunsAndKeepsLiveOnes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path
        let spool = LedgerSpool(folder: folder, target: "postgres://u@h:5432/db")
        let ledger = try spool.open()
        try record("ended", into: ledger, samples: 0..<5, ended: true)
        try record("live", into: ledger, samples: 0..<3, ended: false)
        // A killed recorder: its samples reached only its log, which it held until it died.
        do {
            let killed = LedgerRecorder(ledger: ledger, batchSeconds: 1_000)
            try killed.begin(base.header("killed", pid: Self.deadPID))
            for t in 0..<7 { killed.sample(base.sample(Double(t + 1)), runID: "killed") }
        }
        let server = try target()
        let reopened = try spool.open()
        let delivery = try LedgerSpool.deliver(reopened, to: server)
        #expect(delivery.runs == 2 && delivery.removed == 2 && delivery.remaining == 1 && delivery.samplesAdded == 12)
        #expect(try server.run("killed").status == .interrupted && server.sampleCount(of: "killed") == 7)
        #expect(try server.run("ended").status == .finished)
        #expect(try reopened.runs().map(\.id) == ["live"], "delivered runs leave the spool; the live one stays")
        #expect(try LedgerSpool.deliver(reopened, to: server).runs == 0)
    }
}
