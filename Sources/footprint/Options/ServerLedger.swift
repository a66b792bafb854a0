import FootprintCore
import FootprintLedger
import FootprintPostgres
import Foundation

/// A team's ledger on a PostgreSQL server as the command line uses it: runs are recorded into the
/// local spool and delivered from there; every command that opens the server's ledger first
/// delivers what the spool holds, and says so in one line.
struct ServerLedger {
    /// The URL without its password: the only form printed.
    let redacted: String
    let spool: LedgerSpool
    /// Connects for an access; called again after each failure.
    let connect: @Sendable (Ledger.Access) throws(LedgerError) -> any RunBundleStore

    /// What the user should know about the credentials (a pgpass file others can read, ignored).
    let notes: [String]

    /// The server `location` names, its password found (the URL's, `passwordFile`'s,
    /// `PGPASSWORD`, or `~/.pgpass`); nil when it is not a `postgres://` URL (a file's path).
    /// - Throws: ``LedgerError`` with reason `.badLocation` for a URL that cannot be used,
    ///   `.authentication` for a password file that cannot be read.
    init?(location: String, passwordFile: String?, environment: [String: String]) throws(LedgerError) {
        guard PostgresLocation.isPostgresURL(location) else { return nil }
        let parsed = try PostgresLocation(parsing: location)
        let credentials = try PostgresCredentials.resolve(
            for: parsed, passwordFile: passwordFile, environment: environment)
        redacted = parsed.redacted
        spool = LedgerSpool(target: parsed.redacted, environment: environment)
        notes = credentials.notes
        connect = { access throws(LedgerError) in
            try PostgresLedger(location: parsed, password: credentials.password, access: access)
        }
    }

    /// The server's ledger, after what the spool holds has been delivered to it. A command that
    /// only reads creates the server's tables when the spool has runs for them.
    func open(_ access: Ledger.Access) throws(LedgerError) -> any RunBundleStore {
        for note in notes { Terminal.standardError("note: \(note)") }
        let server = try connect(access == .read && spool.exists ? .create : access)
        deliverSpool(to: server)
        return server
    }

    /// The recorder of `run`, `attach`, `monitor` and `lab`: the spool is opened (and refused
    /// when it cannot be written) before anything runs; the server is reached in the background.
    func recorder() throws(LedgerError) -> DeliveringRecorder {
        for note in notes { Terminal.standardError("note: \(note)") }
        let connect = connect
        return DeliveringRecorder(
            spool: LedgerRecorder(ledger: try spool.open()), target: redacted,
            open: { () throws(LedgerError) in try connect(.create) })
    }

    /// Delivers the spool's ended runs and those whose recorder died. A spool that cannot be read
    /// or delivered now is reported and left for the next command: the command goes on.
    func deliverSpool(to server: any RunBundleStore) {
        guard spool.exists else { return }
        do {
            let delivery = try LedgerSpool.deliver(try spool.open(), to: server)
            guard delivery.runs > 0 else { return }
            Terminal.standardError(
                "delivered \(delivery.runs) run\(delivery.runs == 1 ? "" : "s") (\(Format.count(delivery.samplesAdded)) "
                    + "sample\(delivery.samplesAdded == 1 ? "" : "s")) from the local spool \(spool.path) to \(redacted)"
            )
        } catch {
            Terminal.standardError(
                "note: the runs in the local spool \(spool.path) were not delivered to \(redacted) (\(error)); "
                    + "the next footprint command that uses this ledger tries again")
        }
    }
}
