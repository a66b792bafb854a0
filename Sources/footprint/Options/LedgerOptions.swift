import FootprintCore
import ArgumentParser
import Foundation
import FootprintLedger

/// `--ledger PATH`, over `FOOTPRINT_LEDGER`, over the user's data directory.
struct LedgerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The ledger file (default: $XDG_DATA_HOME/footprint/ledger.sqlite).", valueName: "path"))
    var ledger: String?

    func open(environment: [String: String]) throws -> Ledger {
        try namingPathOrigin { try Ledger(path: ledger ?? Ledger.defaultPath(environment: environment)) }
    }

    func open() throws -> Ledger {
        try open(environment: ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment))
    }
}
