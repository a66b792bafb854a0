import FootprintCore
import Foundation
import Testing

@testable import FootprintLedger
@testable import FootprintPostgres

/// The PostgreSQL side of the intensity readings that the shared suite cannot test through the
/// store: a database made by a footprint that knew only schema version 1, and rows it cannot read.
@Suite(.enabled(if: TestCluster.available, TestCluster.skipReason))
struct PostgresIntensityTests {
    /// A ledger of version 1 (runs only) with a run in it: opening it adds version 2, the
    /// intensity table, and version 3, hourly pricing, and keeps the run and its samples, which
    /// read back priced at the annual figure.
    @Test func aVersionOneLedgerMigratesForwardKeepingItsRuns() throws {
        let server = try TestCluster.shared()
        let url = try server.freshDatabase()
        try server.sql(on: url) { queries in
            try queries.execute(
                """
                CREATE TABLE footprint_schema (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """)
            for statement in PostgresSchema.version1 { try queries.execute(statement) }
            try queries.execute("INSERT INTO footprint_schema (version, name) VALUES (1, 'version one')")
            // The row as version 1 held it: the columns the shared list has, less those added since.
            let added: Set = ["pricing", "planned"]
            let columns = StoredRecords.runColumns(Records.run("old-run")).filter { !added.contains($0.name) }
            try queries.execute(
                """
                INSERT INTO run (\(columns.map { "\"\($0.name)\"" }.joined(separator: ", ")))
                VALUES (\((1...columns.count).map { "$\($0)" }.joined(separator: ", ")))
                """,
                columns.map { column -> PostgresArgument in
                    switch column.value {
                    case .text(let text): .text(text)
                    case .real(let number): .real(number)
                    case .integer(let number): .integer(number)
                    }
                })
            try queries.execute(
                """
                INSERT INTO sample (run_id, t, dt, cpu_j, cpu_process_j, gpu_j, gpu_process_j, ram_j, ram_process_j,
                    cpu_utilization, process_cpu_share) VALUES ('old-run', 1, 1, 100, 60, 300, 300, 10, 2, 0.5, 0.6)
                """)
        }
        let ledger = try server.ledger(url, access: .write)
        #expect(try ledger.schemaVersion() == 3)
        let run = try ledger.run("old-run")
        #expect(run.energy.joules == 2_295 && run.pricing == nil && run.planned == nil)
        #expect(try ledger.samples(of: "old-run") == [Records.sample(1)])
        #expect(try ledger.pricingHistory(of: "old-run").isEmpty)
        let reading = IntensityReading(
            zone: "DE", start: 0, end: 3_600, intensity: .gramsPerKilowattHour(380), factor: .lifecycle, kind: .actual,
            source: "Electricity Maps", recordedAt: 10)
        #expect(try ledger.storeIntensities([reading]) == IntensityStoreOutcome(inserted: 1))
        let versions = try server.sql(on: url) { queries in
            try queries.rows("SELECT version FROM footprint_schema ORDER BY version").map { try $0.integer("version") }
        }
        #expect(versions == [1, 2, 3])
    }

    /// A factor a newer footprint stored is refused by name, not read as some other factor.
    @Test func aFactorThisVersionDoesNotKnowIsRefused() throws {
        let server = try TestCluster.shared()
        let url = try server.freshDatabase()
        let ledger = try server.ledger(url)
        _ = try server.sql(on: url) { queries in
            try queries.execute(
                """
                INSERT INTO intensity (zone, start_s, factor, kind, end_s, g_per_kwh, source, recorded_at_s)
                VALUES ('DE', 0, 'consequential', 'actual', 3600, 400, 'a newer footprint', 1)
                """)
        }
        let reads: [() throws -> Void] = [
            { _ = try ledger.intensities(zone: "DE", from: 0, to: 3_600, factors: nil, kinds: nil) },
            { _ = try ledger.intensityCoverage() }
        ]
        for read in reads {
            #expect {
                try read()
            } throws: { error in
                let error = error as? LedgerError
                return error?.reason == .unknownStoredValue && error?.description.contains("'consequential'") == true
            }
        }
    }
}
