import FootprintCore
import Foundation
import GRDB

extension Ledger {
    /// Stores `suite` as the experiments of its run, replacing whatever that run held before: the
    /// suite is recorded again after every experiment finishes, so the ledger always holds what was
    /// done so far, and an interrupted suite keeps the experiments it finished. One transaction:
    /// a reader sees the old suite or the new one, never a mixture.
    /// - Throws: ``LedgerError`` with reason `.noSuchRun` when the run is not in the ledger,
    ///   `.invalidValue` for a figure that is not a finite number (nothing is stored), `.readOnly`
    ///   when the file cannot be written.
    public func recordExperiments(_ suite: ExperimentSuiteResult) throws(LedgerError) {
        let results = try Self.encodedResults(of: suite)
        try write("store experiments in") { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT EXISTS(SELECT 1 FROM run WHERE id = ?)", arguments: [suite.runID])
                    == true
            else {
                throw LedgerError(.noSuchRun, "no run '\(suite.runID)' in \(self.path) to store experiments for")
            }
            // The experiments go with their suite (ON DELETE CASCADE).
            try db.execute(sql: "DELETE FROM experiment_suite WHERE run_id = ?", arguments: [suite.runID])
            try Self.insert(suite, results: results, db)
        }
    }

    /// Writes the suite's header and its encoded results, in the caller's transaction.
    static func insert(_ suite: ExperimentSuiteResult, results: [(name: String, json: String)], _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO experiment_suite (run_id, engine, scale, machine, repeats, status, started, device)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                suite.runID, suite.engine.rawValue, suite.scale.rawValue, suite.machine, suite.repeats,
                suite.status.rawValue, suite.started, suite.device
            ])
        for (position, result) in results.enumerated() {
            try db.execute(
                sql: "INSERT INTO experiment (run_id, position, name, result) VALUES (?, ?, ?, ?)",
                arguments: [suite.runID, position, result.name, result.json])
        }
    }

    /// The experiments run `runID` (its full id) measured, as they were last recorded; nil when it
    /// measured none.
    /// - Throws: ``LedgerError`` with reason `.unknownStoredValue` for a stored engine, scale,
    ///   status or result this version cannot read (a newer footprint wrote it): never a partial
    ///   suite that would look complete.
    public func experiments(runID: String) throws(LedgerError) -> ExperimentSuiteResult? {
        try read { db in try Self.experiments(runID: runID, db) }
    }

    static func experiments(runID: String, _ db: Database) throws -> ExperimentSuiteResult? {
        guard
            let header = try Row.fetchOne(
                db, sql: "SELECT * FROM experiment_suite WHERE run_id = ?", arguments: [runID])
        else { return nil }
        let rows = try Row.fetchAll(
            db, sql: "SELECT position, name, result FROM experiment WHERE run_id = ? ORDER BY position",
            arguments: [runID])
        return try Self.suite(header: header, experiments: rows, runID: runID)
    }

    /// Each experiment's name and the JSON of its result, keys sorted so that the same result is
    /// always the same text.
    public static func encodedResults(
        of suite: ExperimentSuiteResult
    ) throws(LedgerError) -> [(name: String, json: String)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var results: [(name: String, json: String)] = []
        for experiment in suite.experiments {
            do {
                results.append(
                    (experiment.name.rawValue, String(decoding: try encoder.encode(experiment), as: UTF8.self)))
            } catch {
                // The only value JSON cannot hold is a figure that is not a finite number.
                throw LedgerError(
                    .invalidValue,
                    "refused to store experiment \(experiment.name) of run \(suite.runID): a figure in it is not a "
                        + "finite number; the ledger keeps only finite values")
            }
        }
        return results
    }

    /// A stored suite read back from either backend's rows, every word parsed into Core's vocabulary.
    public static func suite<Experiment: LedgerRow>(
        header: some LedgerRow, experiments rows: [Experiment], runID: String
    ) throws -> ExperimentSuiteResult {
        func unknown(_ what: String) -> LedgerError {
            LedgerError(
                .unknownStoredValue,
                "run \(runID) has \(what); a newer footprint wrote it: update footprint to read this ledger")
        }
        let storedEngine = try header.text(required: "engine"), storedScale = try header.text(required: "scale")
        let storedStatus = try header.text(required: "status")
        let engine: ExperimentEngine, scale: ExperimentScale, status: RunStatus
        do throws(UnknownStoredValue) {
            engine = try StoredValue.parse(storedEngine, as: "experiment engine")
            scale = try StoredValue.parse(storedScale, as: "experiment scale")
            status = try StoredValue.parse(storedStatus, as: "experiment status")
        } catch {
            throw unknown("\(error)")
        }
        let decoder = JSONDecoder()
        var experiments: [ExperimentResult] = []
        for row in rows {
            let name = try row.text(required: "name")
            let json = try row.text(required: "result")
            do {
                experiments.append(try decoder.decode(ExperimentResult.self, from: Data(json.utf8)))
            } catch {
                throw unknown(
                    "a stored result of experiment \(Format.quoted(name)) that this version cannot read (\(Self.decodingProblem(error)))"
                )
            }
        }
        return ExperimentSuiteResult(
            runID: runID, engine: engine, scale: scale, machine: try header.text(required: "machine"),
            repeats: Int(try header.integer(required: "repeats")), status: status,
            started: try header.text(required: "started"), device: try header.text(required: "device"),
            experiments: experiments)
    }

    /// What a decoder could not read, in a line: where in the result, and why.
    static func decodingProblem(_ error: any Error) -> String {
        func place(_ path: [any CodingKey]) -> String {
            path.isEmpty
                ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription + place(context.codingPath)
        case DecodingError.keyNotFound(let key, let context):
            return "no \(key.stringValue)" + place(context.codingPath)
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return context.debugDescription + place(context.codingPath)
        default: return "\(error)"
        }
    }
}
