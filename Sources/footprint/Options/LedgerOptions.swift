import ArgumentParser
import FootprintCore
import FootprintLedger
import Foundation

/// `--ledger PATH|URL`, over `FOOTPRINT_LEDGER`, over the user's data directory: a SQLite file, or
/// a team's PostgreSQL server (`postgres://USER@HOST:PORT/DB`), whose runs are recorded into a
/// local spool first and delivered from there.
struct LedgerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The ledger: a file (default: $XDG_DATA_HOME/footprint/ledger.sqlite), or a team's PostgreSQL server as "
                + "postgres://USER@HOST:PORT/DB.", valueName: "path|url"))
    var ledger: String?
    @Option(
        help: ArgumentHelp(
            "A file holding the password of a postgres:// ledger (else the URL's, PGPASSWORD or ~/.pgpass).",
            valueName: "path"))
    var passwordFile: String?

    /// The ledger's location as given: the flag, else `FOOTPRINT_LEDGER`, else the default file.
    func location(environment: [String: String]) -> String {
        ledger ?? Ledger.defaultPath(environment: environment)
    }

    /// Opens the ledger for `access`: commands that only read open it read-only and never create
    /// it; a ledger that is not there is the user's input to fix (exit 2), as is a prefix that
    /// names no run or several. A server's ledger first takes what its local spool holds.
    func open(_ access: Ledger.Access = .create, environment: [String: String]) throws -> any RunBundleStore {
        let location = location(environment: environment)
        if passwordFile != nil, try server(environment: environment) == nil { try refusePasswordFile() }
        return try Self.open(
            location, passwordFile: passwordFile, access, environment: environment, pathOrigin: pathOrigin())
    }

    /// Opens the ledger at `location`, a path or a URL (`ledger push --to`, `pull --from`); a
    /// password file is for a URL only, and ignored for a path.
    static func open(
        _ location: String, passwordFile: String?, _ access: Ledger.Access, environment: [String: String],
        pathOrigin: String? = nil
    ) throws -> any RunBundleStore {
        do {
            if let server = try ServerLedger(location: location, passwordFile: passwordFile, environment: environment) {
                return try server.open(access)
            }
            return try Ledger(path: location, access: access)
        } catch {
            // A path from a variable or a file must not read as if --ledger had been given.
            throw error.asUserError(pathOrigin: pathOrigin)
        }
    }

    func open(_ access: Ledger.Access = .create) throws -> any RunBundleStore {
        try open(access, environment: ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment))
    }

    /// What records a run of `run`, `attach`, `monitor` or `lab`: the SQLite ledger's recorder, or
    /// a server's, which records into the spool and delivers in the background. Either refuses a
    /// ledger it cannot write before anything is measured.
    func recorder(environment: [String: String]) throws -> any RunRecorder {
        do {
            if let server = try server(environment: environment) { return try server.recorder() }
            try refusePasswordFile()
            return LedgerRecorder(ledger: try Ledger(path: location(environment: environment), access: .create))
        } catch let error as LedgerError {
            throw error.asUserError(pathOrigin: pathOrigin())
        }
    }

    /// The SQLite ledger a command writes into directly: the file, or a server's spool (whose runs
    /// the next command that opens the server delivers).
    func localLedger() throws -> Ledger {
        let environment = try ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment)
        do {
            if let server = try server(environment: environment) { return try server.spool.open() }
            try refusePasswordFile()
            return try Ledger(path: location(environment: environment), access: .create)
        } catch let error as LedgerError {
            throw error.asUserError(pathOrigin: pathOrigin())
        }
    }

    func server() throws -> ServerLedger? {
        try server(environment: ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment))
    }

    /// The server the location names; nil for a path.
    func server(environment: [String: String]) throws(LedgerError) -> ServerLedger? {
        try ServerLedger(
            location: location(environment: environment), passwordFile: passwordFile, environment: environment)
    }

    func refusePasswordFile() throws {
        if passwordFile != nil {
            throw InvalidInput("--password-file is for a postgres:// ledger; a ledger file needs no password")
        }
    }

    /// True when no ledger was named (no --ledger, FOOTPRINT_LEDGER or data folder setting) and
    /// the default one does not exist yet: a new user's first `footprint runs`, not a mistyped path.
    func defaultLedgerIsMissing() throws -> Bool {
        let environment = try ConfigFile.effectiveEnvironment(ProcessInfo.processInfo.environment)
        guard ledger == nil, pathOrigin() == nil else { return false }
        return !FileManager.default.fileExists(atPath: Ledger.defaultPath(environment: environment))
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
        case .unreachable:
            "check that the server is up and the URL's host and port; runs recorded meanwhile wait in the local spool"
        case .authentication:
            "check the URL's user and the password (--password-file, PGPASSWORD or ~/.pgpass), or its sslmode"
        case .badLocation: "give --ledger a file's path or a URL as postgres://USER@HOST:PORT/DB"
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
            .rejectedRows, .authentication, .badLocation:
            InvalidInput(message)
        default: CommandFailure(message: message)
        }
    }
}

extension LedgerOptions {
    /// What a recorder has to say after a run: writes that failed, and for a server's ledger what
    /// happened to the delivery (a run kept in the spool can also be pushed).
    static func notes(of recorder: (any RunRecorder)?) -> [String] {
        if let ledger = recorder as? LedgerRecorder { return ledger.writeFailures }
        guard let delivering = recorder as? DeliveringRecorder else { return [] }
        return delivering.writeFailures
            + delivering.notices.map { notice in
                guard case .kept = notice else { return notice.description }
                return notice.description
                    + ", or by `footprint ledger push --ledger \(delivering.spool.ledger.path) --to \(delivering.target)`"
            }
    }
}
