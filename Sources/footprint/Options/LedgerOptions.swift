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
            return try Ledger(path: ledger ?? Ledger.defaultPath(environment: environment), access: access)
        } catch {
            // A path from a variable or a file must not read as if --ledger had been given.
            throw error.asUserError(pathOrigin: pathOrigin())
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
    /// What the user can do about it, in the command line's terms; nil when the statement says it.
    var advice: String? {
        switch reason {
        case .missing:
            "record a run with `footprint run -- COMMAND` first, "
                + "or give --ledger (or FOOTPRINT_LEDGER) the path of an existing ledger"
        case .notAFile: "give --ledger the path of a ledger file"
        case .readOnly: "make it writable, or give --ledger a writable path"
        case .unopenable: "give --ledger another path, or move the file aside if it is not a footprint ledger"
        case .noSuchRun: "`footprint runs` lists them"
        case .liveRunElsewhere: "if that run's footprint is gone, add --other-hosts"
        case .rejectedRows: "fix them, or add --skip-bad to import the other rows"
        default: nil
        }
    }

    /// The statement, the advice, and where the ledger's path came from when the user did not type it.
    func message(pathOrigin: String? = nil) -> String {
        description + (advice.map { "; \($0)" } ?? "") + (pathOrigin.map { " (the path comes from \($0))" } ?? "")
    }

    /// A user's mistake (a mistyped id, a live run, a --ledger path that cannot hold a ledger or
    /// cannot be written) as the usage error it is (exit 2); other ledger errors stay failures, with
    /// the advice added. Its message quotes what the user typed and cells of imported files, so it
    /// is sanitised line by line.
    func asUserError(pathOrigin: String? = nil) -> any Error {
        let message = Terminal.sanitizedLines(message(pathOrigin: pathOrigin))
        return switch reason {
        case .missing, .notAFile, .readOnly, .noSuchRun, .ambiguousID, .liveRun, .liveRunElsewhere, .badImport,
            .rejectedRows:
            InvalidInput(message)
        default: CommandFailure(message: message)
        }
    }
}
