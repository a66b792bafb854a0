import FootprintCore
import FootprintLedger
import Foundation

extension LedgerOptions {
    /// Where the ledger's path came from when the user did not type it on this command line:
    /// `FOOTPRINT_LEDGER`, or the data folder's variable or file key; nil for `--ledger` and the default.
    func pathOrigin(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard ledger == nil else { return nil }
        if let explicit = environment["FOOTPRINT_LEDGER"], !explicit.isEmpty { return "FOOTPRINT_LEDGER" }
        return (try? ConfigFile.settings(environment))?["data_dir"]?.origin.description
    }
}
