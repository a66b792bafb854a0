import FootprintCore
import Foundation
import Testing

@testable import FootprintLedger
@testable import FootprintPostgres

/// The PostgreSQL backend against a real server: schema versions, storing bundles, credentials
/// and errors. The behaviour both backends share is tested by the shared suite.
@Suite(.enabled(if: TestCluster.available, TestCluster.skipReason))
struct PostgresLedgerTests {
    @Test func createsItsSchemaOnceAndReopens() throws {
        let server = try TestCluster.shared()
        let url = try server.freshDatabase()
        let ledger = try server.ledger(url)
        #expect(try ledger.schemaVersion() == PostgresLedger.newestSchemaVersion)
        let again = try server.ledger(url)
        #expect(try again.schemaVersion() == PostgresLedger.newestSchemaVersion)
        let versions = try server.sql(on: url) { queries in
            try queries.rows("SELECT version FROM footprint_schema ORDER BY version").map { try $0.integer("version") }
        }
        #expect(versions == (1...PostgresLedger.newestSchemaVersion).map { Int64($0) })
    }

    @Test func readingADatabaseWithoutALedgerSaysSo() throws {
        let server = try TestCluster.shared()
        let url = try server.freshDatabase()
        #expect {
            _ = try server.ledger(url, access: .read)
        } throws: { error in
            (error as? LedgerError)?.reason == .missing
        }
    }

    @Test func refusesASchemaFromANewerFootprint() throws {
        let server = try TestCluster.shared()
        let url = try server.freshDatabase()
        _ = try server.ledger(url)
        try server.sql(on: url) { queries in
            try queries.execute("INSERT INTO footprint_schema (version, name) VALUES (9, 'from the future')")
        }
        for access in [Ledger.Access.read, .write, .create] {
            #expect {
                _ = try server.ledger(url, access: access)
            } throws: { error in
                let error = error as? LedgerError
                return error?.reason == .newerSchema && error?.description.contains("schema version 9") == true
                    && error?.description.contains("up to \(PostgresLedger.newestSchemaVersion)") == true
            }
        }
    }

    @Test func storesABundleAndReadsItBack() throws {
        let server = try TestCluster.shared()
        let ledger = try server.ledger(try server.freshDatabase())
        let bundle = Records.bundle(Records.run("run-a"), samples: Records.samples(50))
        let stored = try ledger.store(bundle)
        #expect(stored == StoredBundle(newRun: true, samplesAdded: 50))
        let back = try #require(try ledger.bundle(of: "run-a", samplesAfter: nil, sampleLimit: nil))
        #expect(back == bundle)
        #expect(try ledger.run("run-a") == bundle.run)
        #expect(try ledger.runs() == [bundle.run])
        #expect(try ledger.lastSampleTime(of: "run-a") == 50)
        #expect(try ledger.lastSampleTime(of: "nothing") == nil)
    }

    @Test func storingAgainAddsNothingAndASliceResumes() throws {
        let server = try TestCluster.shared()
        let ledger = try server.ledger(try server.freshDatabase())
        let all = Records.samples(30)
        var bundle = Records.bundle(Records.run("run-b", status: .running), samples: Array(all.prefix(20)))
        #expect(try ledger.store(bundle).samplesAdded == 20)
        #expect(try ledger.store(bundle) == StoredBundle(newRun: false, samplesAdded: 0))
        // The next slice overlaps the first by five samples: only the new ten count.
        bundle.samples = Array(all[15...])
        bundle.run = Records.run("run-b")
        #expect(try ledger.store(bundle) == StoredBundle(newRun: false, samplesAdded: 10))
        #expect(try ledger.sampleCount(of: "run-b") == 30)
        #expect(try ledger.tasks(of: "run-b").count == 2)
        #expect(try ledger.forecasts(runID: "run-b").count == 1)
        #expect(try ledger.run("run-b").status == .finished)
        let slice = try #require(try ledger.bundle(of: "run-b", samplesAfter: 10, sampleLimit: 5))
        #expect(slice.samples.map(\.t) == [11, 12, 13, 14, 15])
        #expect(!slice.samplesComplete)
        let rest = try #require(try ledger.bundle(of: "run-b", samplesAfter: 25, sampleLimit: 5))
        #expect(rest.samples.map(\.t) == [26, 27, 28, 29, 30])
        #expect(rest.samplesComplete)
    }

    @Test func aRunningRunFromAnotherHostStaysRunningWithItsSampleTotals() throws {
        let server = try TestCluster.shared()
        let ledger = try server.ledger(try server.freshDatabase())
        try ledger.store(
            Records.bundle(Records.run("live", status: .running, host: "elsewhere"), samples: Records.samples(10)))
        let run = try ledger.run("live")
        #expect(run.status == .running)
        // Process scope: the process's share of each sample, ten of them, times the PUE.
        #expect(run.components[.cpu] == .joules(600))
        #expect(run.duration == 10)
        #expect(run.energy.joules == (600 + 3000 + 20) * 1.5)
    }

    @Test func aWrongPasswordIsAnAuthenticationErrorWithoutThePassword() throws {
        let server = try TestCluster.shared()
        let wrong = "not-the-password-\(UUID().uuidString.prefix(6))"
        let url = server.url(database: "footprint").replacingOccurrences(of: "footprint@", with: "footprint:\(wrong)@")
        #expect {
            _ = try PostgresLedger.open(url: url, passwordFile: nil, environment: [:], access: .read)
        } throws: { error in
            let error = error as? LedgerError
            return error?.reason == .authentication && error?.description.contains("footprint") == true
                && error?.description.contains(wrong) == false
                && error?.description.contains("postgres://footprint@127.0.0.1") == true
        }
    }

    @Test func theCredentialsComeFromAPasswordFile() throws {
        let server = try TestCluster.shared()
        let url = try server.freshDatabase()
        let ledger = try PostgresLedger.open(
            url: url, passwordFile: server.folder + "/password", environment: ["HOME": "/nonexistent"], access: .create)
        #expect(ledger.location == url)
        let viaEnvironment = try PostgresLedger.open(
            url: url, passwordFile: nil, environment: ["PGPASSWORD": server.password, "HOME": "/nonexistent"],
            access: .read)
        #expect(try viaEnvironment.runs().isEmpty)
    }

    @Test func aClosedPortIsUnreachable() throws {
        // A port nothing listens on: the server's own, after a dedicated server stopped.
        let server = try TestCluster.dedicated()
        server.remove()
        #expect {
            _ = try server.ledger(server.url(database: "footprint"), access: .read)
        } throws: { error in
            (error as? LedgerError)?.reason == .unreachable
        }
    }
}
