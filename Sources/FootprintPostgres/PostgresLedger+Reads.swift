import FootprintCore
import FootprintLedger
import PostgresNIO

extension PostgresLedger: LedgerStore {
    public var location: String { postgresLocation.redacted }

    /// A filter's conditions as `WHERE …` with `$n` placeholders from `first`, and their values.
    static func whereClause(_ filter: RunFilter, from first: Int = 1) -> (clause: String, arguments: [PostgresArgument])
    {
        var arguments: [PostgresArgument] = []
        let terms = filter.conditions.enumerated().map { index, condition in
            switch condition.value {
            case .text(let text): arguments.append(.text(text))
            case .real(let number): arguments.append(.real(number))
            }
            return "\"\(condition.column)\" \(condition.comparison) $\(first + index)"
        }
        return (terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND "), arguments)
    }

    /// A `run` row as a run, a running run's totals summed from its samples on the same connection.
    static func decode(_ row: PostgresRandomAccessRow, _ queries: PostgresSession.Queries) throws -> RunRecord {
        try StoredRecords.run(row) { id, scope in
            try queries.rows(StoredRecords.sampleSumsSQL(scope: scope, placeholder: "$1"), [.text(id)]).first
                .map(StoredRecords.sampleSums)
        }
    }

    public func runs(_ filter: RunFilter, limit: Int?, offset: Int) throws(LedgerError) -> [RunRecord] {
        let (clause, arguments) = Self.whereClause(filter)
        let bound = (limit.map { " LIMIT \(max($0, 0))" } ?? "") + (offset > 0 ? " OFFSET \(offset)" : "")
        return try session.withConnection { queries in
            try queries.rows("SELECT * FROM run \(clause) ORDER BY started_at DESC, id DESC\(bound)", arguments)
                .map { try Self.decode($0, queries) }
        }
    }

    /// Reads the runs a page at a time (ordered by start and id), so that an export of many runs
    /// holds one page in memory, not all.
    public func forEachRun(_ filter: RunFilter, newestFirst: Bool, _ body: (RunRecord) throws -> Void) throws {
        let page = 500
        let (clause, arguments) = Self.whereClause(filter)
        let order = newestFirst ? "DESC" : "ASC"
        var after: (startedAt: Double, id: String)?
        while true {
            var terms = clause
            var values = arguments
            if let after {
                let comparison = newestFirst ? "<" : ">"
                let n = values.count
                terms += (terms.isEmpty ? "WHERE " : " AND ") + "(started_at, id) \(comparison) ($\(n + 1), $\(n + 2))"
                values += [.real(after.startedAt), .text(after.id)]
            }
            let sql = "SELECT * FROM run \(terms) ORDER BY started_at \(order), id \(order) LIMIT \(page)"
            let runs = try session.withConnection { queries in
                try queries.rows(sql, values).map { try Self.decode($0, queries) }
            }
            for run in runs { try body(run) }
            guard runs.count == page, let last = runs.last else { return }
            after = (last.startedAt, last.id)
        }
    }

    /// Ended runs summed by the server, running runs from their samples.
    public func totals(_ filter: RunFilter) throws(LedgerError) -> RunTotals {
        let (clause, arguments) = Self.whereClause(filter)
        let live = clause.isEmpty ? "WHERE status = 'running'" : clause + " AND status = 'running'"
        let settled = clause.isEmpty ? "WHERE status <> 'running'" : clause + " AND status <> 'running'"
        return try session.withConnection { queries in
            let sums = try queries.rows(
                "SELECT COUNT(*) AS n, COALESCE(SUM(energy_j), 0) AS j, COALESCE(SUM(co2e_g), 0) AS g FROM run \(settled)",
                arguments
            ).first
            var totals = RunTotals(
                count: Int(try sums?.integer("n") ?? 0), energy: .joules(try sums?.real("j") ?? 0),
                emissions: .grams(try sums?.real("g") ?? 0))
            for row in try queries.rows("SELECT * FROM run \(live)", arguments) {
                let run = try Self.decode(row, queries)
                totals.count += 1
                totals.energy = totals.energy + run.energy
                totals.emissions = totals.emissions + run.emissions
            }
            return totals
        }
    }

    public func run(_ idOrPrefix: String) throws(LedgerError) -> RunRecord {
        guard !idOrPrefix.isEmpty else {
            throw LedgerError(.noSuchRun, "a run id cannot be empty")
        }
        let shown = Ledger.ambiguousListLength
        let (matches, count) = try session.withConnection { queries in
            if let exact = try queries.rows("SELECT * FROM run WHERE id = $1", [.text(idOrPrefix)]).first {
                return ([try Self.decode(exact, queries)], 1)
            }
            let pattern = PostgresArgument.text(Ledger.likePrefix(idOrPrefix))
            let count =
                try queries.rows(
                    "SELECT COUNT(*) AS n FROM run WHERE id LIKE $1 ESCAPE '\\'", [pattern]
                ).first?.integer("n") ?? 0
            let rows = try queries.rows(
                "SELECT * FROM run WHERE id LIKE $1 ESCAPE '\\' ORDER BY started_at DESC LIMIT \(shown)", [pattern])
            return (try rows.map { try Self.decode($0, queries) }, Int(count))
        }
        if let failure = Ledger.prefixFailure(idOrPrefix, matches: matches.map(\.id), count: count, in: location) {
            throw failure
        }
        return matches[0]
    }

    public func runs(jobID: String) throws(LedgerError) -> [RunRecord] {
        try session.withConnection { queries in
            try queries.rows("SELECT * FROM run WHERE job_id = $1 ORDER BY started_at, id", [.text(jobID)])
                .map { try Self.decode($0, queries) }
        }
    }

    /// A run's samples in time order. A day at 1 s is 86,400 rows: they are decoded by position
    /// (100,000 samples read by column name took 12.5 s in a debug build).
    public func samples(of runID: String) throws(LedgerError) -> [SampleRecord] {
        let sql =
            "SELECT t, dt, cpu_j, cpu_process_j, gpu_j, gpu_process_j, ram_j, ram_process_j, cpu_utilization, "
            + "process_cpu_share, g_per_kwh FROM sample WHERE run_id = $1 ORDER BY t"
        return try session.withConnection { queries in
            try queries.orderedRows(sql, [.text(runID)]).map { row in
                let (t, dt, cpu, cpuProcess, gpu, gpuProcess, ram, ramProcess, utilization, share, intensity) =
                    try row.decode(
                        (Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double?).self)
                return SampleRecord(
                    t: t, duration: dt, cpuJoules: cpu, cpuProcessJoules: cpuProcess, gpuJoules: gpu,
                    gpuProcessJoules: gpuProcess, ramJoules: ram, ramProcessJoules: ramProcess,
                    cpuUtilization: utilization, processCPUShare: share, intensity: intensity)
            }
        }
    }

    public func sampleCount(of runID: String) throws(LedgerError) -> Int {
        try session.withConnection { queries in
            Int(
                try queries.rows("SELECT COUNT(*) AS n FROM sample WHERE run_id = $1", [.text(runID)]).first?
                    .integer("n") ?? 0)
        }
    }

    public func tasks(of runID: String) throws(LedgerError) -> [TaskRecord] {
        try session.withConnection { queries in try Self.tasks(of: runID, queries) }
    }

    static func tasks(of runID: String, _ queries: PostgresSession.Queries) throws -> [TaskRecord] {
        try queries.rows("SELECT * FROM task WHERE run_id = $1 ORDER BY start_s, id", [.text(runID)])
            .map(StoredRecords.task)
    }

    public func forecasts(runID: String) throws(LedgerError) -> [EpochForecast] {
        try session.withConnection { queries in try Self.forecasts(runID: runID, queries) }
    }

    static func forecasts(runID: String, _ queries: PostgresSession.Queries) throws -> [EpochForecast] {
        try queries.rows(
            "SELECT * FROM forecast WHERE run_id = $1 ORDER BY made_at_s, after_epochs, id", [.text(runID)]
        ).map(StoredRecords.forecast)
    }

    public func experiments(runID: String) throws(LedgerError) -> ExperimentSuiteResult? {
        try session.withConnection { queries in try Self.experiments(runID: runID, queries) }
    }

    static func experiments(runID: String, _ queries: PostgresSession.Queries) throws -> ExperimentSuiteResult? {
        guard let header = try queries.rows("SELECT * FROM experiment_suite WHERE run_id = $1", [.text(runID)]).first
        else { return nil }
        let rows = try queries.rows(
            "SELECT position, name, result FROM experiment WHERE run_id = $1 ORDER BY position", [.text(runID)])
        return try Ledger.suite(header: header, experiments: rows, runID: runID)
    }

    /// Deletes runs with everything that is theirs, in one transaction; a run still being recorded
    /// is refused as the SQLite ledger refuses it, and nothing is deleted then.
    @discardableResult
    public func delete(_ ids: [String], includingRunningOnOtherHosts otherHosts: Bool) throws(LedgerError) -> Int {
        try session.transaction { queries in
            for id in ids {
                guard let row = try queries.rows("SELECT * FROM run WHERE id = $1 FOR UPDATE", [.text(id)]).first
                else { continue }
                let run = try Self.decode(row, queries)
                if Ledger.refusesToDelete(run, includingRunningOnOtherHosts: otherHosts) {
                    throw Ledger.liveRunRefusal(run)
                }
            }
            return try queries.execute("DELETE FROM run WHERE id = ANY($1)", [.texts(ids)])
        }
    }
}
