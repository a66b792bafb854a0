import FootprintCore
import Foundation
import GRDB
import Testing

@testable import FootprintLedger

/// The per-run sample log that stands between the sampler and SQLite: its format, and its fold
/// into the ledger by whoever opens it after the recorder is gone.
@Suite struct SampleLogTests {
    let base = LedgerTests()

    func task(_ name: String, _ start: Double) -> TaskRecord {
        TaskRecord(name: name, start: start, end: start + 1, cpuJoules: 5, gpuJoules: 0, ramJoules: 1)
    }

    func log(ofRun id: String, ledger path: String) -> String {
        SampleLog.path(folder: SampleLog.folder(ofLedger: path), runID: id)
    }

    @Test func recordsReadBackAsWritten() {
        let records: [SampleLog.Record] = [
            .sample(base.sample(0.1)), .task(task("épreuve 1", 0)), .sample(base.sample(0.2)), .task(task("", 1))
        ]
        let bytes = SampleLog.magic + records.flatMap(SampleLog.encode)
        #expect(SampleLog.decode(bytes) == records)
        #expect(SampleLog.decode(SampleLog.magic) == [])
        #expect(SampleLog.decode(Array(SampleLog.magic.prefix(3))) == [], "a header cut short holds nothing")
        #expect(SampleLog.decode(Array("not a log".utf8)) == nil)
    }

    /// A record cut anywhere (a full disk, a power cut) or followed by garbage ends the log there.
    @Test func aTornTailIsIgnored() {
        let whole = SampleLog.magic + SampleLog.encode(.sample(base.sample(1))) + SampleLog.encode(.task(task("t", 0)))
        let last = SampleLog.encode(.sample(base.sample(2)))
        for cut in 0..<last.count {
            #expect(SampleLog.decode(whole + last.prefix(cut))?.count == 2, "cut at \(cut)")
        }
        #expect(SampleLog.decode(whole + [UInt8](repeating: 0, count: 200))?.count == 2)
        var flipped = last
        flipped[20] ^= 1
        #expect(SampleLog.decode(whole + flipped + last)?.count == 2, "nothing after a damaged record")
        #expect(SampleLog.decode(whole + last)?.count == 3)
    }

    /// A recorder gone without its end (what SIGKILL does: the log closed, its lock dropped):
    /// the next open folds what the batches had not, and removes the log.
    @Test func theNextOpenFoldsADeadRecordersLog() throws {
        let path = base.temporaryLedgerPath()
        let ledger = try Ledger(path: path)
        var recorder: LedgerRecorder? = LedgerRecorder(ledger: ledger, batchSeconds: 5)
        try recorder?.begin(base.header("k", pid: 4_194_305))
        for t in 1...7 { recorder?.sample(base.sample(Double(t)), runID: "k") }
        recorder?.tasks([task("a", 0), task("a", 0)], runID: "k")
        #expect(try ledger.sampleCount(of: "k") == 5, "one batch, at 5 s")
        let logPath = log(ofRun: "k", ledger: path)
        let saved = try Data(contentsOf: URL(fileURLWithPath: logPath))
        recorder = nil
        #expect(FileManager.default.fileExists(atPath: logPath))

        let reopened = try Ledger(path: path, access: .read)
        #expect(try reopened.samples(of: "k").map(\.t) == (1...7).map(Double.init))
        #expect(try reopened.tasks(of: "k").count == 2, "two marks of one burst stay two")
        #expect(try reopened.run("k").status == .interrupted)
        #expect(!FileManager.default.fileExists(atPath: logPath))

        // Folded again (a crash between the commit and the removal): nothing added.
        try saved.write(to: URL(fileURLWithPath: logPath))
        let again = try Ledger(path: path)
        #expect(try again.sampleCount(of: "k") == 7)
        #expect(try again.tasks(of: "k").count == 2)
        #expect(!FileManager.default.fileExists(atPath: logPath))
    }

    @Test func aTornLogFoldsWhatCameBeforeTheTear() throws {
        let path = base.temporaryLedgerPath()
        var recorder: LedgerRecorder? = LedgerRecorder(ledger: try Ledger(path: path), batchSeconds: 60)
        try recorder?.begin(base.header("torn", pid: 4_194_305))
        for t in 1...3 { recorder?.sample(base.sample(Double(t)), runID: "torn") }
        recorder = nil
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log(ofRun: "torn", ledger: path)))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(SampleLog.encode(.sample(base.sample(4))).prefix(30)))
        try handle.close()
        #expect(try Ledger(path: path).samples(of: "torn").map(\.t) == [1, 2, 3])
    }

    /// A live recorder keeps its lock: another opening (here in the same process, as another
    /// footprint would) leaves its log alone, and its end folds the rest and removes it.
    @Test func aLiveRecordersLogIsLeftToIt() throws {
        let path = base.temporaryLedgerPath()
        let ledger = try Ledger(path: path)
        let recorder = LedgerRecorder(ledger: ledger)
        try recorder.begin(base.header("live", startedAt: Date().timeIntervalSince1970))
        recorder.sample(base.sample(1), runID: "live")
        let other = try Ledger(path: path)
        #expect(try other.sampleCount(of: "live") == 0)
        #expect(FileManager.default.fileExists(atPath: log(ofRun: "live", ledger: path)))
        recorder.sample(base.sample(2), runID: "live")
        recorder.end(base.ending(), runID: "live")
        #expect(try other.sampleCount(of: "live") == 2)
        #expect(try other.run("live").status == .finished)
        #expect(!FileManager.default.fileExists(atPath: log(ofRun: "live", ledger: path)))
        #expect(recorder.writeFailures.isEmpty)
    }

    /// The log of a run deleted after its recorder died, and a file that is not a log.
    @Test func logsWithoutARunGoAndForeignFilesStay() throws {
        let path = base.temporaryLedgerPath()
        var recorder: LedgerRecorder? = LedgerRecorder(ledger: try Ledger(path: path), batchSeconds: 60)
        try recorder?.begin(base.header("deleted", pid: 4_194_305))
        recorder?.sample(base.sample(1), runID: "deleted")
        recorder = nil
        let ledger = try Ledger(path: path)
        #expect(try ledger.delete(["deleted"]) == 1)
        let foreign = SampleLog.folder(ofLedger: path) + "/notes.samples"
        try Data("not a log".utf8).write(to: URL(fileURLWithPath: foreign))
        _ = try Ledger(path: path)
        #expect(!FileManager.default.fileExists(atPath: log(ofRun: "deleted", ledger: path)))
        #expect(FileManager.default.fileExists(atPath: foreign))
        #expect(try Ledger(path: path).runs().isEmpty)
    }

    /// Something in the way of the logs' folder refuses the ledger when it is opened to record,
    /// as a read-only ledger is: before any command runs.
    @Test func aLogFolderThatCannotBeMadeIsRefusedAtOpen() throws {
        let path = base.temporaryLedgerPath()
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: SampleLog.folder(ofLedger: path)))
        #expect { try Ledger(path: path) } throws: { error in
            let error = error as? LedgerError
            return error?.reason == .notAFile && error?.description.contains("not a folder") == true
        }
    }
}
