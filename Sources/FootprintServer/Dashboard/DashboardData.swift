import FootprintCore
import FootprintLedger
import FootprintReport

/// What the dashboard's pages read from a ledger, each a function of a store (run on the reader's
/// queue), shared by a page and its JSON twin.
enum DashboardData {
    /// A run's report model and its experiments (for a run of `lab experiment`).
    static func report(
        _ id: String, in store: any LedgerStore
    ) throws(LedgerError) -> (
        model: RunReportModel, experiments: ExperimentSuiteResult?
    ) {
        let run = try store.run(id)
        var model = RunReportModel(
            run: run, samples: try store.samples(of: run.id), tasks: try store.tasks(of: run.id),
            forecasts: try store.forecasts(runID: run.id))
        if let pricing = store as? any RunPricingStore { model.pricingHistory = try pricing.pricingHistory(of: run.id) }
        return (model, try store.experiments(runID: run.id))
    }

    /// A project's summary; nil when it has no run.
    static func project(_ name: String, in store: any LedgerStore) throws(LedgerError) -> ProjectSummary? {
        let runs = try store.runs(RunFilter(project: name))
        return runs.isEmpty ? nil : ProjectSummary(project: name, runs: runs)
    }

    /// The jobs of the newest `scannedRuns` runs the filter lets through, newest first, a page of
    /// them accounted; and whether there are more.
    static func jobs(
        _ selection: RunSelection, scannedRuns: Int, in store: any LedgerStore
    ) throws(LedgerError) -> (
        jobs: [JobAccount], more: Bool
    ) {
        var ids: [String] = []
        var seen: Set<String> = []
        for run in try store.runs(selection.filter, limit: scannedRuns) {
            if let id = run.job?.id, seen.insert(id).inserted { ids.append(id) }
        }
        let page = ids.dropFirst(selection.offset).prefix(selection.limit)
        var jobs: [JobAccount] = []
        for id in page {
            if let job = try store.job(id) { jobs.append(job.account) }
        }
        return (jobs, ids.count > selection.offset + selection.limit)
    }

    /// The suites of the newest `scannedRuns` runs the filter lets through, newest first (a page
    /// of them); and whether there are more.
    static func experiments(
        _ selection: RunSelection, scannedRuns: Int, in store: any LedgerStore
    ) throws -> (
        suites: [(run: RunRecord, suite: ExperimentSuiteResult)], more: Bool
    ) {
        var candidates: [RunRecord] = []
        for run in try store.runs(selection.filter, limit: scannedRuns)
        where run.name.hasPrefix(ExperimentSuiteResult.runNamePrefix) {
            candidates.append(run)
        }
        var suites: [(run: RunRecord, suite: ExperimentSuiteResult)] = []
        var skipped = 0
        for run in candidates {
            guard let suite = try store.experiments(runID: run.id) else { continue }
            if skipped < selection.offset {
                skipped += 1
                continue
            }
            if suites.count == selection.limit { return (suites, true) }
            suites.append((run, suite))
        }
        return (suites, false)
    }
}
