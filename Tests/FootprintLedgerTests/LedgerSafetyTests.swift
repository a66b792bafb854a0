import FootprintCore
import Foundation
import GRDB
import Testing

@testable import FootprintLedger

/// What the ledger refuses to do whoever asks: write a value that would ruin later totals, delete
/// a run still being recorded; and how it reads when it may not write.
@Suite struct LedgerSafetyTests {
    let base = LedgerTests()

    func now() -> Double { Date().timeIntervalSince1970 }

    @Test(arguments: [Double.nan, .infinity, -1, 1e308 * 10])
    func nonFiniteOrNegativeTotalsAreNeverWritten(_ bad: Double) throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        try recorder.begin(base.header("r", startedAt: now()))
        recorder.end(base.ending(duration: 1, energy: bad), runID: "r")
        recorder.sample(
            SampleRecord(
                t: 1, duration: bad, cpuJoules: 1, cpuProcessJoules: 1, gpuJoules: 0, gpuProcessJoules: 0,
                ramJoules: 0, ramProcessJoules: 0, cpuUtilization: 0, processCPUShare: 0), runID: "r")
        #expect(try ledger.samples(of: "r").isEmpty)
        #expect(try ledger.run("r").status == .running, "the totals were refused")
        let failures = recorder.writeFailures
        #expect(failures.count == 2)
        #expect(failures.allSatisfy { !$0.contains("\n") && $0.contains("finite") })
    }

    @Test func aRunWithAnImpossiblePUEIsNotBegun() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        var header = base.header("p")
        header.pue = .infinity
        #expect { try LedgerRecorder(ledger: ledger, batchSeconds: 0).begin(header) } throws: {
            ($0 as? LedgerError)?.reason == .invalidValue
        }
        #expect(try ledger.runs().isEmpty)
    }

    @Test func aLiveRunCannotBeDeleted() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        try recorder.begin(base.header("live", startedAt: now()))
        recorder.sample(base.sample(1), runID: "live")
        #expect { try ledger.delete(["live"]) } throws: { error in
            let error = error as? LedgerError
            return error?.reason == .liveRun && error?.description.contains("still recording") == true
        }
        #expect(try ledger.samples(of: "live").count == 1, "nothing deleted")
        recorder.end(base.ending(), runID: "live")
        #expect(try ledger.delete(["live"]) == 1)
    }

    /// A run marked running on another machine cannot be checked: deleted only when asked to.
    @Test func aRunningRunOfAnotherHostIsDeletedOnlyWhenAsked() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        var header = base.header("elsewhere", startedAt: now())
        header.host = "another-machine"
        try LedgerRecorder(ledger: ledger, batchSeconds: 0).begin(header)
        #expect { try ledger.delete(["elsewhere"]) } throws: { error in
            guard let error = error as? LedgerError else { return false }
            return error.reason == .liveRunElsewhere && !error.description.contains("--")
        }
        #expect(try ledger.delete(["elsewhere"], includingRunningOnOtherHosts: true) == 1)
    }

    /// A pid alive now but started after the run began is not its recorder (the pid was reused).
    @Test func aReusedPidDoesNotKeepADeadRunLive() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        try LedgerRecorder(ledger: ledger, batchSeconds: 0).begin(
            base.header("old", pid: getpid(), startedAt: 1_000_000))
        #expect(try ledger.run("old").status == .interrupted)
        #expect(try ledger.delete(["old"]) == 1)
    }

    /// A run deleted under its recorder (by hand, or by an older footprint) costs one clear line,
    /// not one raw SQL error per sample.
    @Test func writesToADeletedRunFailInOneLine() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        try recorder.begin(base.header("gone", startedAt: now()))
        try ledger.database.write { db in try db.execute(sql: "DELETE FROM run WHERE id = 'gone'") }
        for t in 1...3 { recorder.sample(base.sample(Double(t)), runID: "gone") }
        #expect(recorder.writeFailures.count == 1)
        let line = try #require(recorder.writeFailures.first)
        #expect(line.contains("deleted from the ledger while it was being recorded") && line.contains("3 times"))
        #expect(!line.contains("INSERT") && !line.contains("\n"))
    }

    @Test func ambiguousPrefixesSayHowManyMoreMatch() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        for i in 0..<8 {
            try recorder.begin(base.header("abc-\(i)", pid: 4_194_305, startedAt: 1_800_000_000 + Double(i)))
        }
        #expect { try ledger.run("abc") } throws: { error in
            let text = (error as? LedgerError)?.description ?? ""
            return text.contains("matches 8 runs") && text.contains("… and 3 more")
        }
    }

    @Test func listingIsLimitedAndTotalsCountEveryRun() throws {
        let ledger = try Ledger(path: base.temporaryLedgerPath())
        let recorder = LedgerRecorder(ledger: ledger, batchSeconds: 0)
        for i in 0..<6 {
            try recorder.begin(base.header("r\(i)", project: i < 4 ? "a" : "b", startedAt: 1_800_000_000 + Double(i)))
            recorder.end(base.ending(energy: 10), runID: "r\(i)")
        }
        #expect(try ledger.runs(RunFilter(), limit: 2).map(\.id) == ["r5", "r4"])
        let totals = try ledger.totals(RunFilter(project: "a"))
        #expect(totals.count == 4)
        #expect(totals.energy.joules == 40)
    }

    @Test func commandsThatReadNeverCreateALedger() throws {
        let path = base.temporaryLedgerPath()
        #expect { try Ledger(path: path, access: .read) } throws: { ($0 as? LedgerError)?.reason == .missing }
        #expect { try Ledger(path: path, access: .write) } throws: { ($0 as? LedgerError)?.reason == .missing }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: (path as NSString).deletingLastPathComponent))
    }

    /// Read-only opening writes nothing: no migration, no side files beside a file it cannot write.
    @Test func readingOpensReadOnly() throws {
        let path = base.temporaryLedgerPath()
        let recorder = LedgerRecorder(ledger: try Ledger(path: path))
        try recorder.begin(base.header("x", startedAt: now()))
        recorder.end(base.ending(), runID: "x")
        let reader = try Ledger(path: path, access: .read)
        #expect(try reader.runs().map(\.id) == ["x"])
        #expect(throws: (any Error).self) {
            try reader.database.write { db in try db.execute(sql: "DELETE FROM run") }
        }
    }

    /// An older schema is upgraded when reading needs it and the file may be written.
    @Test func readingAnOlderLedgerUpgradesItWhenItMay() throws {
        let (path, old) = try base.olderLedger(upTo: "v1: runs, samples, tasks")
        try old.close()
        let reader = try Ledger(path: path, access: .read)
        #expect(try reader.appliedMigrations() == LedgerTests.allMigrations)
    }
}
