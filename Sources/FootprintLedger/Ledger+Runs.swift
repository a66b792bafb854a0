import FootprintCore
import Foundation
import GRDB

/// Which runs: those of one project, user, host, job or status, started in a time range; all
/// when every field is nil. Both backends read it through ``conditions``, so that a filter means
/// the same on SQLite and PostgreSQL.
public struct RunFilter: Sendable, Hashable {
    public var project: String?
    /// Seconds since 1970: runs started at or after it.
    public var since: Double?
    /// Seconds since 1970: runs started before it.
    public var until: Double?
    /// The account that recorded the run (``RunRecord/user``).
    public var user: String?
    public var host: String?
    /// A job's exact id (``JobIdentity/id``).
    public var jobID: String?
    /// The stored status: a run whose recorder died reads as interrupted but is stored as running.
    public var status: RunStatus?

    public init(
        project: String? = nil, since: Double? = nil, until: Double? = nil, user: String? = nil,
        host: String? = nil, jobID: String? = nil, status: RunStatus? = nil
    ) {
        (self.project, self.since, self.until, self.user) = (project, since, until, user)
        (self.host, self.jobID, self.status) = (host, jobID, status)
    }

    /// True when it lets every run through.
    public var isEmpty: Bool { conditions.isEmpty }

    /// One condition on the `run` table: a column, how it compares, and the value it is compared with.
    public struct Condition: Sendable, Hashable {
        /// A column of `run` (the same name in both backends' schemas).
        public var column: String
        /// `=`, `>=` or `<`.
        public var comparison: String
        public var value: Value

        /// A value bound as a parameter, never spliced into the SQL text.
        public enum Value: Sendable, Hashable {
            case text(String)
            case real(Double)
        }
    }

    /// The conditions, all of which a run must meet, in a fixed order; each backend writes them as
    /// `column comparison <its placeholder>` joined by AND.
    public var conditions: [Condition] {
        var all: [Condition] = []
        if let project { all.append(.init(column: "project", comparison: "=", value: .text(project))) }
        if let user { all.append(.init(column: "user", comparison: "=", value: .text(user))) }
        if let host { all.append(.init(column: "host", comparison: "=", value: .text(host))) }
        if let jobID { all.append(.init(column: "job_id", comparison: "=", value: .text(jobID))) }
        if let status { all.append(.init(column: "status", comparison: "=", value: .text(status.rawValue))) }
        if let since { all.append(.init(column: "started_at", comparison: ">=", value: .real(since))) }
        if let until { all.append(.init(column: "started_at", comparison: "<", value: .real(until))) }
        return all
    }

    var sql: (clause: String, arguments: StatementArguments) {
        var arguments: StatementArguments = []
        let terms = conditions.map { condition in
            switch condition.value {
            case .text(let text): arguments += [text]
            case .real(let number): arguments += [number]
            }
            // `user` is a keyword in PostgreSQL, not in SQLite; quoted in both for one spelling.
            return "\"\(condition.column)\" \(condition.comparison) ?"
        }
        return (terms.isEmpty ? "" : "WHERE " + terms.joined(separator: " AND "), arguments)
    }
}

/// How many runs match a filter, and their totals.
public struct RunTotals: Sendable, Hashable {
    public var count: Int
    public var energy: Energy
    public var emissions: CarbonMass

    public init(count: Int, energy: Energy, emissions: CarbonMass) {
        (self.count, self.energy, self.emissions) = (count, energy, emissions)
    }
}

extension Ledger {
    /// The newest `limit` runs the filter lets through (all when nil), newest first, after
    /// skipping the newest `offset` (a page of a long list).
    public func runs(_ filter: RunFilter, limit: Int?, offset: Int) throws(LedgerError) -> [RunRecord] {
        let (clause, arguments) = filter.sql
        let skip = offset > 0 ? " OFFSET \(offset)" : ""
        let bound = limit.map { " LIMIT \(max($0, 0))\(skip)" } ?? (offset > 0 ? " LIMIT -1\(skip)" : "")
        return try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM run \(clause) ORDER BY started_at DESC\(bound)", arguments: arguments
            )
            .map { try self.decode($0, db) }
        }
    }

    /// Calls `body` with each run the filter lets through, one at a time: an export of many runs
    /// holds one in memory, not all.
    public func forEachRun(_ filter: RunFilter, newestFirst: Bool, _ body: (RunRecord) throws -> Void) throws {
        let (clause, arguments) = filter.sql
        try database.read { db in
            let order = newestFirst ? "DESC" : "ASC"
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT * FROM run \(clause) ORDER BY started_at \(order)", arguments: arguments)
            while let row = try cursor.next() { try body(try self.decode(row, db)) }
        }
    }

    /// How many runs the filter lets through and their totals, without reading them all: finished
    /// runs are summed by SQLite, runs still recording from their samples.
    public func totals(_ filter: RunFilter) throws(LedgerError) -> RunTotals {
        let (clause, arguments) = filter.sql
        let live = clause.isEmpty ? "WHERE status = 'running'" : clause + " AND status = 'running'"
        let settled = clause.isEmpty ? "WHERE status != 'running'" : clause + " AND status != 'running'"
        return try read { db in
            let sums = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS n, COALESCE(SUM(energy_j), 0) AS j, COALESCE(SUM(co2e_g), 0) AS g FROM run \(settled)
                    """, arguments: arguments)
            var totals = RunTotals(
                count: sums?["n"] ?? 0, energy: .joules(sums?["j"] ?? 0), emissions: .grams(sums?["g"] ?? 0))
            for row in try Row.fetchAll(db, sql: "SELECT * FROM run \(live)", arguments: arguments) {
                let run = try decode(row, db)
                totals.count += 1
                totals.energy = totals.energy + run.energy
                totals.emissions = totals.emissions + run.emissions
            }
            return totals
        }
    }

    /// How many ids an ambiguous prefix lists before it says how many more there are.
    public static let ambiguousListLength = 5

    /// One run by id or a unique prefix of it.
    /// - Throws: ``LedgerError`` when nothing or several runs match.
    public func run(_ idOrPrefix: String) throws(LedgerError) -> RunRecord {
        // An empty id is the start of every id: `runs delete --yes ''` must not take a lone run with it.
        guard !idOrPrefix.isEmpty else {
            throw LedgerError(.noSuchRun, "a run id cannot be empty")
        }
        let shown = Self.ambiguousListLength
        let (matches, count) = try read { db in
            let exact = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [idOrPrefix])
            if let exact { return ([try self.decode(exact, db)], 1) }
            let count =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM run WHERE id LIKE ? ESCAPE '\\'",
                    arguments: [Self.likePrefix(idOrPrefix)]) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM run WHERE id LIKE ? ESCAPE '\\' ORDER BY started_at DESC LIMIT \(shown)",
                arguments: [Self.likePrefix(idOrPrefix)])
            return (try rows.map { try self.decode($0, db) }, count)
        }
        if let failure = Self.prefixFailure(idOrPrefix, matches: matches.map(\.id), count: count, in: path) {
            throw failure
        }
        return matches[0]
    }

    /// The refusal of an id or prefix that matched `count` runs when it is not exactly one; `matches`
    /// holds the ids of the newest of them (at most ``ambiguousListLength``). Both backends say it alike.
    public static func prefixFailure(
        _ idOrPrefix: String, matches: [String], count: Int, in location: String
    ) -> LedgerError? {
        switch count {
        // A count of one whose run was deleted before it was read is no run.
        case 1 where !matches.isEmpty: return nil
        case 0, 1: return LedgerError(.noSuchRun, "no run '\(idOrPrefix)' in \(location)")
        default:
            let more = count > matches.count ? ", … and \(count - matches.count) more" : ""
            return LedgerError(
                .ambiguousID,
                "'\(idOrPrefix)' matches \(count) runs (\(matches.joined(separator: ", "))\(more)); "
                    + "give more of the id")
        }
    }

    /// The runs of one job (by its exact id), oldest first.
    public func runs(jobID: String) throws(LedgerError) -> [RunRecord] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM run WHERE job_id = ? ORDER BY started_at", arguments: [jobID]
            )
            .map { try self.decode($0, db) }
        }
    }

    /// A run's samples in time order.
    public func samples(of runID: String) throws(LedgerError) -> [SampleRecord] {
        // A day at 1 s is 86,400 rows: read through a cursor, each row a view on the statement
        // rather than a copied Row (100,000 samples took 0.5 s as copies).
        try read { db in
            let rows = try Row.fetchCursor(
                db, sql: "SELECT * FROM sample WHERE run_id = ? ORDER BY t", arguments: [runID])
            var samples: [SampleRecord] = []
            while let row = try rows.next() { samples.append(try StoredRecords.sample(row)) }
            return samples
        }
    }

    /// How many samples a run has, counted by SQLite (a month-long run has millions).
    public func sampleCount(of runID: String) throws(LedgerError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample WHERE run_id = ?", arguments: [runID]) ?? 0
        }
    }

    /// A run's tasks in start order.
    public func tasks(of runID: String) throws(LedgerError) -> [TaskRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM task WHERE run_id = ? ORDER BY start_s", arguments: [runID])
                .map(StoredRecords.task)
        }
    }

    /// Deletes runs with their samples and tasks; returns how many went. A run still being
    /// recorded by a live footprint process is refused: its recorder would go on writing samples
    /// for a run that is gone.
    /// - Parameter otherHosts: also delete runs marked running by footprint on another machine,
    ///   whose recorder this one cannot check (a crashed host's runs stay "running" forever).
    /// - Throws: ``LedgerError`` with reason `.liveRun` (nothing deleted), or when the file cannot be written.
    @discardableResult
    public func delete(
        _ ids: [String], includingRunningOnOtherHosts otherHosts: Bool
    ) throws(LedgerError) -> Int {
        return try write("delete from") { db in
            for id in ids {
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]) else {
                    continue
                }
                let run = try self.decode(row, db)
                if Self.refusesToDelete(run, includingRunningOnOtherHosts: otherHosts) {
                    throw Self.liveRunRefusal(run)
                }
            }
            return try ids.reduce(0) { count, id in
                try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [id])
                return count + db.changesCount
            }
        }
    }

    /// True for a run whose recorder is alive here, or (unless asked) marked running elsewhere.
    public static func refusesToDelete(_ run: RunRecord, includingRunningOnOtherHosts otherHosts: Bool) -> Bool {
        run.status == .running && (run.host == Host.name() || !otherHosts)
    }

    /// The refusal to delete a run still being recorded, for commands that check before asking.
    public static func liveRunRefusal(_ run: RunRecord) -> LedgerError {
        liveRunRefusal(run, refusing: "deleting", then: "delete it")
    }

    /// The refusal of `refusing` ("deleting", "pricing again") a run still being recorded; `then`
    /// says what to do once it has stopped ("delete it").
    static func liveRunRefusal(_ run: RunRecord, refusing: String, then: String) -> LedgerError {
        let here = run.host == Host.name()
        let recorder =
            here
            ? "footprint process \(run.pid.map(String.init) ?? "?") is still recording it"
            : "it is still marked running by footprint on \(run.host), which this machine cannot check"
        return LedgerError(
            here ? .liveRun : .liveRunElsewhere,
            "not \(refusing) \(run.id) (\(run.name)): \(recorder); stop that run first, then \(then)")
    }

    /// `body` in one transaction; a refusal it throws passes as it is, anything else the
    /// database refused says what could not be done (`action`: "delete from") and why.
    func write<T>(_ action: String, _ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try database.write(body)
        } catch let error as LedgerError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            throw LedgerError(.readOnly, "cannot \(action) \(path): the ledger is read-only")
        } catch {
            throw LedgerError(.other, "cannot \(action) \(path): \(Self.reason(error))")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try database.read(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.unopenable, "cannot read the ledger \(path): \(Self.reason(error))")
        }
    }

    /// `text` as a LIKE pattern escaped with a backslash: the ids that start with it.
    public static func likePrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    /// A row as a run (``StoredRecords/run(_:sums:)``), a running run's sums read from its samples.
    func decode(_ row: Row, _ db: Database) throws -> RunRecord {
        try StoredRecords.run(row) { id, scope in
            try Row.fetchOne(db, sql: StoredRecords.sampleSumsSQL(scope: scope, placeholder: "?"), arguments: [id])
                .map(StoredRecords.sampleSums)
        }
    }

    /// The recording process is alive, is not a zombie, and started no later than the run did: a
    /// pid reused after the recorder died (or after a reboot) belongs to a process that started
    /// later, and does not keep a dead run "running".
    static func isAlive(_ pid: Int32, recordingSince startedAt: Double? = nil) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard let state = fields.first?.first, state != "Z", state != "X" else { return false }
        // Field 22 of stat, the 20th after the command: start time in clock ticks since boot.
        if let startedAt, fields.count > 19, let ticks = Double(fields[19]), let boot = bootTime() {
            let processStart = boot + ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
            if processStart > startedAt + 5 { return false }
        }
        return true
    }

    /// Seconds since 1970 at boot, from /proc/stat's btime.
    static func bootTime() -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
            let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("btime ") })
        else { return nil }
        return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
    }
}
