import FootprintCore
import FootprintLedger
import Foundation
import GRDB
import Testing

@testable import FootprintPostgres

/// One behaviour of a ledger, held to both backends: every test runs on a fresh SQLite file and a
/// fresh PostgreSQL database, filled the same way (through ``RunBundleStore/store(_:)``), and must
/// read back the same.
@Suite struct SharedLedgerTests {
    static let start = 1_800_000_000.0

    /// Five runs, oldest first: two of job j1 in project p1, an interrupted one, one without a
    /// project, and one still marked running on another host (its totals come from its samples).
    static let runs: [RunRecord] = {
        func run(
            _ id: String, _ offset: Double, project: String?, user: String, host: String, job: String? = nil,
            status: RunStatus = .finished
        ) -> RunRecord {
            var run = Records.run(id, status: status, host: host, project: project, startedAt: start + offset)
            run.user = user
            run.job = job.map { JobIdentity(scheduler: .slurm, id: $0, rank: 0, worldSize: 2, node: host) }
            return run
        }
        return [
            run("a1000001", 0, project: "p1", user: "ana", host: "node-1", job: "j1"),
            run("a1000002", 100, project: "p1", user: "bo", host: "node-2", job: "j1"),
            run("b2000003", 200, project: "p2", user: "ana", host: "node-1", status: .interrupted),
            run("b2000004", 300, project: nil, user: "bo", host: "node-3"),
            run("c3000005", 400, project: "p2", user: "ana", host: "elsewhere", status: .running)
        ]
    }()

    /// The energy of a finished run of ``Records/run``, and of the running one from its 3 samples
    /// (process scope: 60 + 300 + 2 J each, times PUE 1.5).
    static let finishedJoules = 2_295.0
    static let runningJoules = 3 * 362 * 1.5

    func ids(_ runs: [RunRecord]) -> [String] { runs.map(\.id) }

    @Test(arguments: Backend.available)
    func listsNewestFirstAndPages(_ backend: Backend) throws {
        let ledger = try backend.ledger(holding: Self.runs)
        #expect(ids(try ledger.runs(RunFilter())) == ["c3000005", "b2000004", "b2000003", "a1000002", "a1000001"])
        #expect(ids(try ledger.runs(RunFilter(), limit: 2, offset: 1)) == ["b2000004", "b2000003"])
        #expect(ids(try ledger.runs(RunFilter(), limit: nil, offset: 3)) == ["a1000002", "a1000001"])
        #expect(try ledger.runs(RunFilter(), limit: 0, offset: 0).isEmpty)
        var oldestFirst: [String] = []
        try ledger.forEachRun(RunFilter(project: "p1"), newestFirst: false) { oldestFirst.append($0.id) }
        #expect(oldestFirst == ["a1000001", "a1000002"])
        #expect(ids(try ledger.runs(jobID: "j1")) == ["a1000001", "a1000002"])
        #expect(try ledger.runs(jobID: "j2").isEmpty)
    }

    @Test(arguments: Backend.available)
    func everyFilterFieldNarrowsTheList(_ backend: Backend) throws {
        let ledger = try backend.ledger(holding: Self.runs)
        let start = Self.start
        let cases: [(RunFilter, [String])] = [
            (RunFilter(project: "p1"), ["a1000002", "a1000001"]),
            (RunFilter(user: "bo"), ["b2000004", "a1000002"]),
            (RunFilter(host: "node-1"), ["b2000003", "a1000001"]),
            (RunFilter(jobID: "j1"), ["a1000002", "a1000001"]),
            (RunFilter(status: .running), ["c3000005"]),
            (RunFilter(status: .interrupted), ["b2000003"]),
            (RunFilter(since: start + 200), ["c3000005", "b2000004", "b2000003"]),
            (RunFilter(until: start + 200), ["a1000002", "a1000001"]),
            (RunFilter(since: start + 100, until: start + 300), ["b2000003", "a1000002"]),
            (RunFilter(project: "p2", user: "ana"), ["c3000005", "b2000003"]),
            (RunFilter(project: "nobody's"), []),
            (RunFilter(project: "p1", host: "node-2", jobID: "j1", status: .finished), ["a1000002"])
        ]
        for (filter, expected) in cases {
            #expect(ids(try ledger.runs(filter)) == expected, "\(filter)")
            #expect(try ledger.totals(filter).count == expected.count, "\(filter)")
        }
    }

    @Test(arguments: Backend.available)
    func totalsCountARunningRunFromItsSamples(_ backend: Backend) throws {
        let ledger = try backend.ledger(holding: Self.runs)
        let running = try ledger.run("c3000005")
        // Marked running on another host: this machine cannot check it, so it stays running.
        #expect(running.status == .running)
        #expect(abs(running.energy.joules - Self.runningJoules) < 1e-9 && running.duration == 3)
        let all = try ledger.totals()
        #expect(all.count == 5)
        #expect(abs(all.energy.joules - (4 * Self.finishedJoules + Self.runningJoules)) < 1e-6)
        let p2 = try ledger.totals(RunFilter(project: "p2"))
        #expect(p2.count == 2 && abs(p2.energy.joules - (Self.finishedJoules + Self.runningJoules)) < 1e-6)
        let expected = running.intensity.emissions(for: running.energy).grams + 0.255
        #expect(abs(p2.emissions.grams - expected) < 1e-9)
        #expect(try ledger.totals(RunFilter(project: "none")) == RunTotals(count: 0, energy: .zero, emissions: .zero))
    }

    @Test(arguments: Backend.available)
    func aRunIsFoundByItsIdOrAUniquePrefix(_ backend: Backend) throws {
        let ledger = try backend.ledger(holding: Self.runs)
        #expect(try ledger.run("a1000001").id == "a1000001")
        #expect(try ledger.run("c3").id == "c3000005")
        #expect {
            _ = try ledger.run("b2")
        } throws: { error in
            let error = error as? LedgerError
            return error?.reason == .ambiguousID && error?.description.contains("b2000004, b2000003") == true
        }
        // Empty, unknown, and the LIKE wildcards taken as the characters they are.
        for missing in ["", "zz", "a1%", "a_000001", "%"] {
            #expect(throws: LedgerError.self, "\(missing)") { _ = try ledger.run(missing) }
        }
        do {
            _ = try ledger.run("a_000001")
        } catch {
            #expect(error.reason == .noSuchRun && error.description.contains(ledger.location))
        }
    }

    @Test(arguments: Backend.available)
    func aRunReadsBackWithItsSamplesTasksAndForecasts(_ backend: Backend) throws {
        let ledger = try backend.ledger(holding: Self.runs)
        let stored = Records.bundle(Self.runs[0], samples: Records.samples(3))
        let run = try ledger.run("a1000001")
        #expect(run == Self.runs[0])
        #expect(try ledger.samples(of: run.id) == stored.samples)
        #expect(try ledger.sampleCount(of: run.id) == 3)
        #expect(try ledger.tasks(of: run.id) == stored.tasks)
        #expect(try ledger.forecasts(runID: run.id) == stored.forecasts)
        #expect(try ledger.experiments(runID: run.id) == nil)
        #expect(try ledger.samples(of: "nothing").isEmpty && ledger.sampleCount(of: "nothing") == 0)
    }

    @Test(arguments: Backend.available)
    func deletingTakesARunsRowsAndRefusesARunStillRecording(_ backend: Backend) throws {
        let ledger = try backend.ledger(holding: Self.runs)
        #expect(try ledger.delete(["a1000001", "no-such-run"]) == 1)
        #expect(throws: LedgerError.self) { _ = try ledger.run("a1000001") }
        #expect(try ledger.sampleCount(of: "a1000001") == 0 && ledger.tasks(of: "a1000001").isEmpty)
        #expect(try ledger.forecasts(runID: "a1000001").isEmpty)
        // Running on another host: refused unless asked, and nothing else goes with the refusal.
        #expect {
            try ledger.delete(["b2000004", "c3000005"])
        } throws: { error in
            (error as? LedgerError)?.reason == .liveRunElsewhere
        }
        #expect(try ledger.totals().count == 4)
        #expect(try ledger.delete(["c3000005"], includingRunningOnOtherHosts: true) == 1)
        #expect(ids(try ledger.runs(RunFilter())) == ["b2000004", "b2000003", "a1000002"])
    }

    @Test(arguments: Backend.available)
    func storingAgainAddsNothingAndANewerBundleOnlyItsNewSamples(_ backend: Backend) throws {
        let ledger = try backend.emptyLedger()
        let first = Records.bundle(Self.runs[1], samples: Records.samples(3))
        #expect(try ledger.store(first) == StoredBundle(newRun: true, samplesAdded: 3))
        #expect(try ledger.store(first) == StoredBundle(newRun: false, samplesAdded: 0))
        // The run row is replaced by the newer bundle's; samples already there are kept.
        var renamed = Self.runs[1]
        renamed.name = "renamed"
        let more = Records.bundle(renamed, samples: Records.samples(5))
        #expect(try ledger.store(more) == StoredBundle(newRun: false, samplesAdded: 2))
        #expect(try ledger.run(renamed.id).name == "renamed")
        #expect(try ledger.sampleCount(of: renamed.id) == 5 && ledger.lastSampleTime(of: renamed.id) == 5)
        #expect(try ledger.tasks(of: renamed.id).count == 2 && ledger.forecasts(runID: renamed.id).count == 1)
        let slice = try #require(try ledger.bundle(of: renamed.id, samplesAfter: 2, sampleLimit: 2))
        #expect(slice.samples.map(\.t) == [3, 4] && slice.run == renamed)
        #expect(try ledger.bundle(of: "nothing", samplesAfter: nil, sampleLimit: nil) == nil)
        #expect(try ledger.lastSampleTime(of: "nothing") == nil)
    }

    /// A ledger whose schema a newer footprint wrote is refused for every kind of access, naming
    /// what this footprint knows, rather than read or written half-understood.
    @Test(arguments: Backend.available)
    func aSchemaFromANewerFootprintIsRefused(_ backend: Backend) throws {
        let location: String
        switch backend {
        case .sqlite:
            let path = try #require(try backend.emptyLedger() as? Ledger).path
            let database = try DatabaseQueue(path: path)
            try database.write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
            }
            try database.close()
            location = path
        case .postgres:
            let server = try TestCluster.shared()
            location = try server.freshDatabase()
            _ = try server.ledger(location)
            try server.sql(on: location) { queries in
                try queries.execute("INSERT INTO footprint_schema (version, name) VALUES (99, 'from the future')")
            }
        }
        for access in [Ledger.Access.read, .write, .create] {
            #expect("\(access)") {
                switch backend {
                case .sqlite: _ = try Ledger(path: location, access: access)
                case .postgres: _ = try TestCluster.shared().ledger(location, access: access)
                }
            } throws: { error in
                let error = error as? LedgerError
                return error?.reason == .newerSchema && error?.description.contains("99") == true
            }
        }
    }
}
