import FootprintCore

/// A ledger a command reads runs from and changes: the SQLite file of one user (``Ledger``) or a
/// team's PostgreSQL database. Every command and the dashboard see a ledger through this, so that
/// both backends answer the same questions the same way; a backend's own tests and the shared
/// ledger suite hold them to it.
///
/// Recording is not here: a run is always recorded into a SQLite file first (the ledger itself,
/// or the local spool of a server's ledger), which is what keeps every sample of a killed run,
/// and a server's ledger delivers it from there.
///
/// The calls block: SQLite is a library call, and the server's backend waits for its answers on
/// its own event loop. An async caller (the dashboard's handlers) runs them on a thread pool.
public protocol LedgerStore: AnyObject, Sendable {
    /// What the user calls this ledger, for messages: a path, or a URL without its password.
    var location: String { get }

    /// The newest `limit` runs the filter lets through (all when nil), newest first, after
    /// skipping the newest `offset`.
    func runs(_ filter: RunFilter, limit: Int?, offset: Int) throws(LedgerError) -> [RunRecord]

    /// Calls `body` with each run the filter lets through, one at a time (an export of many runs
    /// holds one in memory, not all).
    func forEachRun(_ filter: RunFilter, newestFirst: Bool, _ body: (RunRecord) throws -> Void) throws

    /// How many runs the filter lets through and their totals, without reading them all.
    func totals(_ filter: RunFilter) throws(LedgerError) -> RunTotals

    /// One run by id or a unique prefix of it.
    /// - Throws: ``LedgerError`` with reason `.noSuchRun` or `.ambiguousID`.
    func run(_ idOrPrefix: String) throws(LedgerError) -> RunRecord

    /// The runs of one job (by its exact id), oldest first.
    func runs(jobID: String) throws(LedgerError) -> [RunRecord]

    /// A run's samples in time order.
    func samples(of runID: String) throws(LedgerError) -> [SampleRecord]

    /// How many samples a run has, counted by the database.
    func sampleCount(of runID: String) throws(LedgerError) -> Int

    /// A run's tasks in start order.
    func tasks(of runID: String) throws(LedgerError) -> [TaskRecord]

    /// The forecasts made during a run, in the order they were made.
    func forecasts(runID: String) throws(LedgerError) -> [EpochForecast]

    /// The experiments a run measured, as last recorded; nil when it measured none.
    func experiments(runID: String) throws(LedgerError) -> ExperimentSuiteResult?

    /// Deletes runs with everything that belongs to them; returns how many went. A run still being
    /// recorded is refused (``Ledger/refusesToDelete(_:includingRunningOnOtherHosts:)``).
    @discardableResult
    func delete(_ ids: [String], includingRunningOnOtherHosts otherHosts: Bool) throws(LedgerError) -> Int
}

extension LedgerStore {
    /// Runs, newest first, optionally of one project and since a time (seconds since 1970).
    public func runs(project: String? = nil, since: Double? = nil) throws(LedgerError) -> [RunRecord] {
        try runs(RunFilter(project: project, since: since), limit: nil, offset: 0)
    }

    /// The newest `limit` runs the filter lets through (all when nil), newest first.
    public func runs(_ filter: RunFilter, limit: Int? = nil) throws(LedgerError) -> [RunRecord] {
        try runs(filter, limit: limit, offset: 0)
    }

    /// Deletes runs that no live footprint is recording; returns how many went.
    @discardableResult
    public func delete(_ ids: [String]) throws(LedgerError) -> Int {
        try delete(ids, includingRunningOnOtherHosts: false)
    }

    /// Every run's totals.
    public func totals() throws(LedgerError) -> RunTotals { try totals(RunFilter()) }
}

extension Ledger: LedgerStore {
    public var location: String { path }
}
