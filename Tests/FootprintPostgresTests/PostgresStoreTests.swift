import FootprintCore
import Foundation
import Testing

@testable import FootprintLedger
@testable import FootprintPostgres

/// Storing bundles on the server: large ones, experiments, refusals.
@Suite(.enabled(if: TestCluster.available, TestCluster.skipReason))
struct PostgresStoreTests {
    @Test func storesAHundredThousandSamplesInOneBundle() throws {
        let server = try TestCluster.shared()
        let ledger = try server.ledger(try server.freshDatabase())
        let samples = Records.samples(100_000)
        let stored = try ledger.store(Records.bundle(Records.run("long"), samples: samples))
        #expect(stored.samplesAdded == 100_000)
        #expect(try ledger.sampleCount(of: "long") == 100_000)
        #expect(try ledger.lastSampleTime(of: "long") == 100_000)
        #expect(try ledger.store(Records.bundle(Records.run("long"), samples: samples)).samplesAdded == 0)
    }

    @Test func experimentsAreReplacedByTheBundles() throws {
        let server = try TestCluster.shared()
        let ledger = try server.ledger(try server.freshDatabase())
        var bundle = Records.bundle(Records.run("lab"), samples: [])
        bundle.experiments = ExperimentSuiteResult(
            runID: "lab", engine: .lab, scale: .smoke, machine: "test machine", repeats: 2, status: .finished,
            started: "2026-12-01T03:00:00Z", device: "cpu", experiments: [])
        try ledger.store(bundle)
        #expect(try ledger.experiments(runID: "lab") == bundle.experiments)
        bundle.experiments = nil
        try ledger.store(bundle)
        #expect(try ledger.experiments(runID: "lab") == nil)
    }

    @Test func aValueThatIsNotFiniteIsRefusedAndNothingIsStored() throws {
        let server = try TestCluster.shared()
        let ledger = try server.ledger(try server.freshDatabase())
        var samples = Records.samples(3)
        samples[1].cpuJoules = .infinity
        #expect {
            try ledger.store(Records.bundle(Records.run("bad"), samples: samples))
        } throws: { error in
            (error as? LedgerError)?.reason == .invalidValue
        }
        #expect(try ledger.runs().isEmpty)
    }

    @Test func aRunMarkedRunningElsewhereIsNotDeletedUnlessAsked() throws {
        let server = try TestCluster.shared()
        let ledger = try server.ledger(try server.freshDatabase())
        try ledger.store(Records.bundle(Records.run("away", status: .running, host: "other-node"), samples: []))
        try ledger.store(Records.bundle(Records.run("done"), samples: Records.samples(2)))
        #expect {
            try ledger.delete(["done", "away"])
        } throws: { error in
            (error as? LedgerError)?.reason == .liveRunElsewhere
        }
        #expect(try ledger.runs().count == 2)
        #expect(try ledger.delete(["done", "away"], includingRunningOnOtherHosts: true) == 2)
        #expect(try ledger.sampleCount(of: "done") == 0)
    }

    @Test func anIdPrefixFindsOneRunOrSaysHowManyMatch() throws {
        let server = try TestCluster.shared()
        let ledger = try server.ledger(try server.freshDatabase())
        for id in ["abc1", "abc2", "a_c3", "xyz"] { try ledger.store(Records.bundle(Records.run(id), samples: [])) }
        #expect(try ledger.run("xy").id == "xyz")
        // `_` is a LIKE wildcard: escaped, it matches only itself.
        #expect(try ledger.run("a_").id == "a_c3")
        #expect {
            _ = try ledger.run("abc")
        } throws: { error in
            (error as? LedgerError)?.reason == .ambiguousID && "\(error)".contains("matches 2 runs")
        }
        #expect {
            _ = try ledger.run("q")
        } throws: { error in
            (error as? LedgerError)?.reason == .noSuchRun && "\(error)".contains(ledger.location)
        }
    }
}
