import ArgumentParser
import FootprintCore
import FootprintLedger
import Foundation

/// `--ledger PATH`, over `FOOTPRINT_LEDGER`, over the user's data directory.
struct LedgerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The ledger file (default: $XDG_DATA_HOME/footprint/ledger.sqlite).", valueName: "path"))
    var ledger: String?

    /// Opens the ledger for `access`: commands that only read open it read-only and never create
    /// it; a ledger that is not there is the user's input to fix (exit 2), as is a prefix that
    /// names no run or several.
    func open(_ access: Ledger.Access = .create, environment: [String: String]) throws -> Ledger {
        do {
            return try namingPathOrigin {
                try Ledger(path: ledger ?? Ledger.defaultPath(environment: environment), access: access)
            }
        } catch let error as LedgerError {
            throw error.asUserError
        }
    }

    /// True when no ledger was named (no --ledger, FOOTPRINT_LEDGER or data folder setting) and
    /// the default one does not exist yet: a new user's first `footprint runs`, not a mistyped path.
    func defaultLedgerIsMissing() throws -> Bool {
        let environment = try ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment)
        guard ledger == nil, pathOrigin() == nil else { return false }
        return !FileManager.default.fileExists(atPath: Ledger.defaultPath(environment: environment))
    }

    func open(_ access: Ledger.Access = .create) throws -> Ledger {
        try open(access, environment: ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment))
    }
}

extension LedgerError {
    /// A user's mistake (a mistyped id, a live run, a --ledger path that cannot hold a ledger or
    /// cannot be written) as the usage error it is (exit 2); other ledger errors stay failures. Its message quotes what the user typed and cells of imported files, so it is
    /// sanitised line by line.
    var asUserError: any Error {
        let message = Terminal.sanitizedLines(description)
        return switch reason {
        case .missing, .notAFile, .readOnly, .noSuchRun, .ambiguousID, .liveRun, .badImport: InvalidInput(message)
        default: LedgerError(reason, message)
        }
    }
}
