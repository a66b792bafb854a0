import FootprintCore
import FootprintLedger

extension LedgerOptions {
    /// The ledger as the store of intensity readings: the SQLite file or the team's server, both of
    /// which keep them.
    func openIntensityStore(_ access: Ledger.Access = .create) throws -> any LedgerStore & IntensityStore {
        let store = try open(access)
        guard let intensities = store as? any LedgerStore & IntensityStore else {
            throw CommandFailure(message: "the ledger \(store.location) cannot keep intensity readings")
        }
        return intensities
    }
}
