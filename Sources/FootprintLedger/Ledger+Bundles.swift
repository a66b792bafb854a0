import FootprintCore
import Foundation
import GRDB

extension Ledger: RunBundleStore {
    /// The run with its tasks, forecasts and experiments and a slice of its samples, read in one
    /// transaction, so that a slice and the run row it goes with are of the same moment.
    public func bundle(of runID: String, samplesAfter: Double?, sampleLimit: Int?) throws(LedgerError) -> RunBundle? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [runID]) else {
                return nil
            }
            let run = try decode(row, db)
            // One more than asked for tells whether the slice reaches the run's last sample.
            let bound = sampleLimit.map { " LIMIT \(max($0, 0) + 1)" } ?? ""
            var samples = try Row.fetchAll(
                db, sql: "SELECT * FROM sample WHERE run_id = ? AND t > ? ORDER BY t\(bound)",
                arguments: [runID, samplesAfter ?? -Double.greatestFiniteMagnitude]
            ).map(StoredRecords.sample)
            var complete = true
            if let sampleLimit, samples.count > max(sampleLimit, 0) {
                samples.removeLast(samples.count - max(sampleLimit, 0))
                complete = false
            }
            let tasks = try Row.fetchAll(
                db, sql: "SELECT * FROM task WHERE run_id = ? ORDER BY start_s", arguments: [runID]
            ).map(StoredRecords.task)
            return RunBundle(
                run: run, samples: samples, samplesAfter: samplesAfter, samplesComplete: complete, tasks: tasks,
                forecasts: try Self.forecasts(runID: runID, db), experiments: try Self.experiments(runID: runID, db),
                priceHistory: try Self.pricingHistory(of: runID, db))
        }
    }

    /// Stores the bundle in one transaction: the run row, tasks, forecasts, experiments and pricing
    /// history replaced by the bundle's, its samples added where the ledger has none at their time
    /// (one there already takes the bundle's intensity, when the bundle's sample was priced). Every value is
    /// checked first, as a recorder's are: a bundle from another ledger must not ruin a total here.
    @discardableResult
    public func store(_ bundle: RunBundle) throws(LedgerError) -> StoredBundle {
        try LedgerValues.check(bundle)
        let results = try bundle.experiments.map { suite throws(LedgerError) in try Self.encodedResults(of: suite) }
        let runID = bundle.run.id
        return try write("store a run in") { db in
            let known = try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM run WHERE id = ?)", arguments: [runID])
            try Self.upsert(bundle.run, db)
            // The key (run, time) already there keeps its row: INSERT OR IGNORE overrides the
            // table's REPLACE, and the changes count says what was new.
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO sample (run_id, t, dt, cpu_j, cpu_process_j, gpu_j, gpu_process_j, ram_j,
                        ram_process_j, cpu_utilization, process_cpu_share, g_per_kwh)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            // A sample already there takes the intensity it was priced at since.
            let price = try db.cachedStatement(
                sql: "UPDATE sample SET g_per_kwh = ? WHERE run_id = ? AND t = ? AND g_per_kwh IS NOT ?")
            var added = 0
            for r in bundle.samples {
                try insert.execute(arguments: [
                    runID, r.t, r.duration, r.cpuJoules, r.cpuProcessJoules, r.gpuJoules, r.gpuProcessJoules,
                    r.ramJoules, r.ramProcessJoules, r.cpuUtilization, r.processCPUShare, r.intensity
                ])
                let inserted = db.changesCount
                added += inserted
                if inserted == 0, let intensity = r.intensity {
                    try price.execute(arguments: [intensity, runID, r.t, intensity])
                }
            }
            try db.execute(sql: "DELETE FROM run_price WHERE run_id = ?", arguments: [runID])
            for p in bundle.priceHistory {
                try db.execute(
                    sql: "INSERT INTO run_price (run_id, replaced_at_s, co2e_g, basis, reason) VALUES (?, ?, ?, ?, ?)",
                    arguments: [runID, p.replacedAt, p.emissions.grams, StoredPricing.encode(p.basis), p.reason])
            }
            try db.execute(sql: "DELETE FROM task WHERE run_id = ?", arguments: [runID])
            try SampleLog.fold(bundle.tasks.map { .task($0) }, runID: runID, into: db, deduplicating: false)
            try db.execute(sql: "DELETE FROM forecast WHERE run_id = ?", arguments: [runID])
            for forecast in bundle.forecasts { try Self.insert(forecast, runID: runID, db) }
            try db.execute(sql: "DELETE FROM experiment_suite WHERE run_id = ?", arguments: [runID])
            if let suite = bundle.experiments, let results {
                try Self.insert(suite, results: results, db)
            }
            return StoredBundle(newRun: known != true, samplesAdded: added)
        }
    }

    /// The time of the run's last stored sample.
    public func lastSampleTime(of runID: String) throws(LedgerError) -> Double? {
        try read { db in
            try Double.fetchOne(db, sql: "SELECT MAX(t) FROM sample WHERE run_id = ?", arguments: [runID])
        }
    }

    /// Writes the run row (``StoredRecords/runColumns(_:)``) over the one with its id if there is
    /// one: an update in place rather than a REPLACE, which would delete the row and with it the
    /// run's samples.
    static func upsert(_ run: RunRecord, _ db: Database) throws {
        let columns = StoredRecords.runColumns(run).map { column -> (String, (any DatabaseValueConvertible)?) in
            switch column.value {
            case .text(let text): (column.name, text)
            case .real(let number): (column.name, number)
            case .integer(let number): (column.name, number)
            }
        }
        let names = columns.map { "\"\($0.0)\"" }
        let updates = columns.dropFirst().map { "\"\($0.0)\" = excluded.\"\($0.0)\"" }
        try db.execute(
            sql: """
                INSERT INTO run (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))
                ON CONFLICT(id) DO UPDATE SET \(updates.joined(separator: ", "))
                """,
            arguments: StatementArguments(columns.map { $0.1 }))
    }
}
