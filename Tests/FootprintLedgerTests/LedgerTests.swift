import FootprintCore
import Foundation
import GRDB
import Testing

@testable import FootprintLedger

@Suite struct LedgerTests {
    func temporaryLedgerPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString)/ledger.sqlite").path
    }

    func header(
        _ id: String, pid: Int32 = getpid(), scope: Scope = .process, project: String? = "p",
        startedAt: Double = 1_800_000_000
    ) -> RunRecord {
        RunRecord(
            id: id, project: project, name: "train \(id)", command: ["python", "train.py"], host: Host.name(),
            pid: pid, startedAt: startedAt, intervalSeconds: 1, scope: scope, locationCode: "DE",
            locationName: "Germany", intensity: .gramsPerKilowattHour(400), intensitySource: "test", pue: 1.5,
            pueSource: "test", cpuModel: "Test CPU", cpuPowerModel: "test", gpus: ["NVIDIA H100"], notes: ["a note"])
    }

    func sample(_ t: Double) -> SampleRecord {
        SampleRecord(
            t: t, duration: 1, cpuJoules: 100, cpuProcessJoules: 60, gpuJoules: 300, gpuProcessJoules: 300,
            ramJoules: 10, ramProcessJoules: 2, cpuUtilization: 0.5, processCPUShare: 0.6)
    }

    func ending(duration: Double = 1, energy: Double = 1) -> RunEnding {
        RunEnding(
            status: .finished, exitCode: 0, duration: duration, cpuJoules: energy, gpuJoules: 0, ramJoules: 0,
            cpuMethod: .rapl, gpuMethod: MeasurementMethod.none, ramMethod: MeasurementMethod.none,
            energyJoules: energy,
            co2eGrams: energy / 9_000, notes: [])
    }

    /// A new ledger file with the schema an older footprint made, up to `migration`, open as that
    /// footprint had it (no migration after it applied).
    func olderLedger(upTo migration: String) throws -> (path: String, database: DatabaseQueue) {
        let path = temporaryLedgerPath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let database = try DatabaseQueue(path: path)
        try Ledger.migrator.migrate(database, upTo: migration)
        return (path, database)
    }

    static let allMigrations = [
        "v1: runs, samples, tasks", "v2: machine usage", "v3: experiments", "v4: forecasts", "v5: jobs", "v6: users",
        "v7: intensities", "v8: hourly pricing"
    ]

    @Test func migratesAndReopens() throws {
        let path = temporaryLedgerPath()
        let ledger = try Ledger(path: path)
        #expect(try ledger.appliedMigrations() == Self.allMigrations)
        // Opening again runs no migration twice and keeps the data.
        try LedgerRecorder(ledger: ledger, batchSeconds: 0).begin(header("a"))
        let again = try Ledger(path: path)
        #expect(try again.appliedMigrations() == Self.allMigrations)
        #expect(try again.runs().map(\.id) == ["a"])
    }

    /// A ledger written by a footprint that knew only v1 keeps its runs when a newer one opens it;
    /// they read back with no machine facts.
    @Test func upgradesAVersionOneLedgerWithoutLosingRuns() throws {
        let (path, old) = try olderLedger(upTo: "v1: runs, samples, tasks")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, name, command, host, started_at, scope, intensity_g_per_kwh, pue, status, duration_s,
                        cpu_j, gpu_j, ram_j, energy_j, co2e_g)
                    VALUES ('old', 'before v2', '["true"]', 'h', 1800000000, 'process', 400, 1, 'finished', 2, 10, 0, 1, 11, 0.0012)
                    """)
        }
        try old.close()
        let ledger = try Ledger(path: path)
        #expect(try ledger.appliedMigrations() == Self.allMigrations)
        let run = try ledger.run("old")
        #expect(run.energy.joules == 11)
        #expect(run.machine == nil)
    }

    @Test func keepsTheMachineFactsARunEndsWith() throws {
        let ledger = try Ledger(path: temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        try recorder.begin(header("m"))
        let usage = MachineUsage(
            logicalCPUs: 16, memoryTotalBytes: 64_000_000_000, meanMemoryUsedBytes: 12e9,
            meanCPUUtilization: 0.42, meanGPUUtilization: 87.5, operatingSystem: "Linux-6.1.0-x86_64")
        recorder.end(
            RunEnding(
                status: .finished, exitCode: 0, duration: 1, cpuJoules: 1, gpuJoules: 0, ramJoules: 0,
                cpuMethod: .rapl, gpuMethod: MeasurementMethod.none, ramMethod: MeasurementMethod.none,
                energyJoules: 1.5,
                co2eGrams: 0.001, notes: [], machine: usage), runID: "m")
        #expect(try ledger.run("m").machine == usage)
        #expect(recorder.writeFailures.isEmpty)
    }

    @Test func recordsARunAsItHappens() throws {
        let ledger = try Ledger(path: temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        try recorder.begin(header("run-1"))
        for t in 1...3 { recorder.sample(sample(Double(t)), runID: "run-1") }
        recorder.task(
            TaskRecord(name: "epoch 1", start: 0.5, end: 2.5, cpuJoules: 50, gpuJoules: 200, ramJoules: 1),
            runID: "run-1")
        // Before the end, a run in progress is summed from its samples (process scope): 3 × (60 + 300 + 2) J × PUE 1.5.
        let live = try ledger.run("run-1")
        #expect(live.status == .running)
        #expect(live.energy.joules == 3 * 362 * 1.5)
        #expect(live.duration == 3)
        recorder.end(
            RunEnding(
                status: .finished, exitCode: 0, duration: 3.2, cpuJoules: 180, gpuJoules: 900, ramJoules: 6,
                cpuMethod: .rapl, gpuMethod: .nvmlEnergy, ramMethod: .ramPerGigabyte,
                energyJoules: 1_629, co2eGrams: 0.181, notes: ["done"]), runID: "run-1")
        let run = try ledger.run("run-1")
        #expect(run.status == .finished)
        #expect(run.exitCode == 0)
        #expect(run.energy.joules == 1_629)
        #expect(run.components[.gpu]?.joules == 900)
        #expect(run.methods[.cpu] == .rapl)
        #expect(run.command == ["python", "train.py"])
        #expect(run.gpus == ["NVIDIA H100"])
        #expect(try ledger.samples(of: "run-1").count == 3)
        #expect(try ledger.sampleCount(of: "run-1") == 3)
        #expect(try ledger.tasks(of: "run-1").map(\.name) == ["epoch 1"])
        #expect(recorder.writeFailures.isEmpty)
    }

    @Test func aRunWhoseRecorderDiedIsInterrupted() throws {
        let ledger = try Ledger(path: temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        // pid 2^22 + 1 is above Linux's pid_max default range: no such process.
        try recorder.begin(header("gone", pid: 4_194_305, scope: .machine))
        recorder.sample(sample(1), runID: "gone")
        let run = try ledger.run("gone")
        #expect(run.status == .interrupted)
        #expect(run.energy.joules == (100 + 300 + 10) * 1.5)
        #expect(abs(run.emissions.grams - 410 * 1.5 / 3_600_000 * 400) < 1e-12)
    }

    @Test func lookupFilterAndDelete() throws {
        let ledger = try Ledger(path: temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        try recorder.begin(header("6b02aaaa-1", project: "x", startedAt: 1_800_000_000))
        try recorder.begin(header("6b02aaab-2", project: "y", startedAt: 1_800_100_000))
        try recorder.begin(header("7c000000-3", project: "x", startedAt: 1_800_200_000))
        recorder.sample(sample(1), runID: "7c000000-3")
        #expect(try ledger.runs().map(\.id) == ["7c000000-3", "6b02aaab-2", "6b02aaaa-1"])
        #expect(try ledger.runs(project: "x").count == 2)
        #expect(try ledger.runs(since: 1_800_050_000).count == 2)
        #expect(try ledger.run("7c").id == "7c000000-3")
        #expect(throws: LedgerError.self) { try ledger.run("6b02aa") }
        #expect(throws: LedgerError.self) { try ledger.run("nope") }
        recorder.end(ending(), runID: "7c000000-3")
        #expect(try ledger.delete(["7c000000-3"]) == 1)
        #expect(try ledger.samples(of: "7c000000-3").isEmpty, "samples go with their run")
        #expect(try ledger.runs().count == 2)
    }

    /// A folder that cannot be made is a path that cannot hold a ledger; the library says what is
    /// wrong and leaves the flag to fix to the command line.
    @Test func anUnopenableLedgerSaysWhatIsWrong() {
        #expect {
            try Ledger(path: "/proc/footprint/ledger.sqlite")
        } throws: { error in
            guard let error = error as? LedgerError else { return false }
            return [.notAFile, .readOnly].contains(error.reason)
                && error.description.hasPrefix("cannot create the ledger's folder /proc/footprint: ")
                && !error.description.contains("--")
        }
    }
}

@Suite struct ConcurrentWriterTests {
    /// Runs starting together on a ledger that does not exist yet all open it: switching the new
    /// file to WAL answers "locked" without the busy timeout, so opening retries.
    @Test func manyFirstOpensAtOnce() async throws {
        for _ in 0..<5 {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent(
                "ledger-\(UUID().uuidString)/l.sqlite"
            ).path
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { _ = try Ledger(path: path) } }
                try await group.waitForAll()
            }
            #expect(try Ledger(path: path).appliedMigrations() == LedgerTests.allMigrations)
        }
    }

    /// Two ledgers on one file, as two footprint processes would have, writing at the same time:
    /// the busy timeout makes every row land.
    @Test func twoWritersLoseNoRows() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString)/l.sqlite")
            .path
        let first = try Ledger(path: path), second = try Ledger(path: path)
        let base = LedgerTests()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (ledger, id) in [(first, "one"), (second, "two")] {
                group.addTask {
                    let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
                    try recorder.begin(base.header(id))
                    for t in 1...300 { recorder.sample(base.sample(Double(t)), runID: id) }
                    #expect(recorder.writeFailures.isEmpty)
                }
            }
            try await group.waitForAll()
        }
        #expect(try first.samples(of: "one").count == 300)
        #expect(try first.samples(of: "two").count == 300)
    }
}
