import FootprintCore
import Foundation
import Synchronization
import Testing

@testable import FootprintLedger

/// A server's ledger stood in for by a second SQLite ledger, reached through an opener that can be
/// told the server is down or refuses the password: the run is measured regardless, delivered
/// when the server answers, and kept in the spool when it does not.
@Suite struct DeliveringRecorderTests {
    let base = LedgerTests()
    let transfer = LedgerTransferTests()

    /// The stand-in server: a ledger that answers every call, opening included, with the error
    /// it is told to (a server gone, a password refused), and counts the calls.
    final class Server: RunBundleStore {
        let ledger: Ledger
        let answer = Mutex<LedgerError.Reason?>(nil)
        let attempts = Mutex(0)

        init(_ ledger: Ledger) { self.ledger = ledger }

        func open() throws(LedgerError) -> any RunBundleStore {
            try check()
            return self
        }

        func check() throws(LedgerError) {
            attempts.withLock { $0 += 1 }
            if let reason = answer.withLock({ $0 }) {
                throw LedgerError(reason, "the ledger server postgres://u@h:5432/db answered \(reason)")
            }
        }

        /// Waits (at most 10 s) until the recorder has called at least `count` times.
        func waitForAttempts(_ count: Int) {
            let deadline = Date().addingTimeInterval(10)
            while attempts.withLock({ $0 }) < count && Date() < deadline { usleep(10_000) }
        }

        var location: String { "postgres://u@h:5432/db" }
        func runs(_ filter: RunFilter, limit: Int?, offset: Int) throws(LedgerError) -> [RunRecord] {
            try check()
            return try ledger.runs(filter, limit: limit, offset: offset)
        }
        func forEachRun(_ filter: RunFilter, newestFirst: Bool, _ body: (RunRecord) throws -> Void) throws {
            try check()
            try ledger.forEachRun(filter, newestFirst: newestFirst, body)
        }
        func totals(_ filter: RunFilter) throws(LedgerError) -> RunTotals {
            try check()
            return try ledger.totals(filter)
        }
        func run(_ idOrPrefix: String) throws(LedgerError) -> RunRecord {
            try check()
            return try ledger.run(idOrPrefix)
        }
        func runs(jobID: String) throws(LedgerError) -> [RunRecord] {
            try check()
            return try ledger.runs(jobID: jobID)
        }
        func samples(of runID: String) throws(LedgerError) -> [SampleRecord] {
            try check()
            return try ledger.samples(of: runID)
        }
        func sampleCount(of runID: String) throws(LedgerError) -> Int {
            try check()
            return try ledger.sampleCount(of: runID)
        }
        func tasks(of runID: String) throws(LedgerError) -> [TaskRecord] {
            try check()
            return try ledger.tasks(of: runID)
        }
        func forecasts(runID: String) throws(LedgerError) -> [EpochForecast] {
            try check()
            return try ledger.forecasts(runID: runID)
        }
        func experiments(runID: String) throws(LedgerError) -> ExperimentSuiteResult? {
            try check()
            return try ledger.experiments(runID: runID)
        }
        func delete(_ ids: [String], includingRunningOnOtherHosts otherHosts: Bool) throws(LedgerError) -> Int {
            try check()
            return try ledger.delete(ids, includingRunningOnOtherHosts: otherHosts)
        }
        func bundle(of runID: String, samplesAfter: Double?, sampleLimit: Int?) throws(LedgerError) -> RunBundle? {
            try check()
            return try ledger.bundle(of: runID, samplesAfter: samplesAfter, sampleLimit: sampleLimit)
        }
        func store(_ bundle: RunBundle) throws(LedgerError) -> StoredBundle {
            try check()
            return try ledger.store(bundle)
        }
        func lastSampleTime(of runID: String) throws(LedgerError) -> Double? {
            try check()
            return try ledger.lastSampleTime(of: runID)
        }
    }

    func recorder(
        _ server: Server, folder: String? = nil, endWait: Double = 2
    ) throws -> (DeliveringRecorder, LedgerSpool) {
        let folder =
            folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)").path
        let spool = LedgerSpool(folder: folder, target: "postgres://u@h:5432/db")
        let recorder = DeliveringRecorder(
            spool: LedgerRecorder(ledger: try spool.open(), batchSeconds: 0), target: spool.target, interval: 0.05,
            endWait: endWait, open: { () throws(LedgerError) in try server.open() })
        return (recorder, spool)
    }

    func measure(_ id: String, with recorder: DeliveringRecorder, samples: Range<Int>, end: Bool = true) throws {
        if samples.lowerBound == 0 { try recorder.begin(base.header(id)) }
        for t in samples { recorder.sample(base.sample(Double(t + 1)), runID: id) }
        if end { recorder.end(base.ending(duration: Double(samples.upperBound), energy: 42), runID: id) }
    }

    @Test func aRunIsDeliveredAndLeavesTheSpool() throws {
        let server = Server(try transfer.target())
        let (recorder, spool) = try recorder(server)
        try measure("r", with: recorder, samples: 0..<20)
        #expect(try server.ledger.run("r").status == .finished && server.ledger.sampleCount(of: "r") == 20)
        #expect(try Ledger(path: spool.path).runs().isEmpty)
        #expect(recorder.notices.isEmpty)
        #expect(recorder.location == "postgres://u@h:5432/db")
    }

    @Test func aServerDownForTheWholeRunLeavesItInTheSpoolForTheNextCommand() throws {
        let server = Server(try transfer.target())
        server.answer.withLock { $0 = .unreachable }
        let (recorder, spool) = try recorder(server)
        try measure("r", with: recorder, samples: 0..<10, end: false)
        server.waitForAttempts(2)
        recorder.end(base.ending(duration: 10, energy: 42), runID: "r")
        #expect(try server.ledger.runs().isEmpty)
        let notices = recorder.notices.map(\.description)
        #expect(notices.count == 1)
        #expect(notices.first?.contains("kept in the local spool \(spool.path)") == true)
        // The next command that opens the server's ledger delivers it.
        server.answer.withLock { $0 = nil }
        let delivery = try LedgerSpool.deliver(try spool.open(), to: server.ledger)
        #expect(delivery.runs == 1 && delivery.removed == 1 && delivery.samplesAdded == 10)
        #expect(try server.ledger.run("r").status == .finished)
    }

    @Test func samplesTakenWhileTheServerWasDownAreDeliveredWhenItComesBack() throws {
        let server = Server(try transfer.target())
        let (recorder, spool) = try recorder(server)
        try measure("r", with: recorder, samples: 0..<5, end: false)
        server.waitForAttempts(1)
        server.answer.withLock { $0 = .unreachable }
        let before = server.attempts.withLock { $0 }
        for t in 5..<15 { recorder.sample(base.sample(Double(t + 1)), runID: "r") }
        server.waitForAttempts(before + 2)
        server.answer.withLock { $0 = nil }
        for t in 15..<20 { recorder.sample(base.sample(Double(t + 1)), runID: "r") }
        recorder.end(base.ending(duration: 20, energy: 42), runID: "r")
        #expect(try server.ledger.sampleCount(of: "r") == 20 && server.ledger.run("r").status == .finished)
        #expect(try Ledger(path: spool.path).runs().isEmpty)
        let recovered = recorder.notices.filter { if case .recovered = $0 { true } else { false } }
        #expect(recovered.count == 1)
        #expect(recovered.first?.description.contains("was unreachable for") == true)
    }

    @Test func aRefusedPasswordNeverFailsTheRunAndSaysWhy() throws {
        let server = Server(try transfer.target())
        server.answer.withLock { $0 = .authentication }
        let (recorder, spool) = try recorder(server, endWait: 30)
        let started = Date()
        try measure("r", with: recorder, samples: 0..<3)
        // A refusal is not waited out: the end does not take the whole wait.
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(
            recorder.notices.map(\.description) == [
                "the ledger server postgres://u@h:5432/db answered authentication: this run is kept in the local spool "
                    + "\(spool.path) and is delivered by the next footprint command that uses this ledger"
            ])
        #expect(try Ledger(path: spool.path).sampleCount(of: "r") == 3)
    }

    @Test func theFirstDeliveryTakesWhatEarlierCommandsLeftInTheSpool() throws {
        let server = Server(try transfer.target())
        server.answer.withLock { $0 = .unreachable }
        let (first, spool) = try recorder(server, endWait: 0.2)
        try measure("old", with: first, samples: 0..<4)
        server.answer.withLock { $0 = nil }
        let folder = (spool.path as NSString).deletingLastPathComponent
        let (second, _) = try recorder(server, folder: folder)
        try measure("new", with: second, samples: 0..<6)
        #expect(try server.ledger.runs().map(\.id).sorted() == ["new", "old"])
        #expect(second.notices == [.leftovers(target: spool.target, runs: 1, samples: 4)])
        #expect(try Ledger(path: spool.path).runs().isEmpty)
    }
}
