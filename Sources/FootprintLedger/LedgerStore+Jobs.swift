import FootprintCore

extension LedgerStore {
    /// One job (by its exact id) accounted across its nodes, each node counted once, with its runs
    /// oldest first; nil when no run of the ledger belongs to it.
    public func job(_ id: String) throws(LedgerError) -> (account: JobAccount, runs: [RunRecord])? {
        let runs = try runs(jobID: id)
        var inputs: [JobAccounting.Input] = []
        for run in runs {
            inputs.append(.init(run: run, samples: try samples(of: run.id), tasks: try tasks(of: run.id)))
        }
        return JobAccounting.account(jobID: id, runs: inputs).map { ($0, runs) }
    }
}
