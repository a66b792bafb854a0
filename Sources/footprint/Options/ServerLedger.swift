import FootprintCore
import FootprintLedger
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

    /// The server `location` names; nil when it is not a `postgres://` URL (a file's path).
    /// - Throws: ``LedgerError`` with reason `.badLocation` for a URL that cannot be used.
    init?(location: String, passwordFile: String?, environment: [String: String]) throws(LedgerError) {
        let lowered = location.lowercased()
        guard lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://") else { return nil }
        throw LedgerError(.badLocation, "this footprint was built without the PostgreSQL ledger")
    }

    /// The server's ledger, after what the spool holds has been delivered to it.
    func open(_ access: Ledger.Access) throws(LedgerError) -> any RunBundleStore {
        let server = try connect(access)
        deliverSpool(to: server)
        return server
    }

    /// The recorder of `run`, `attach`, `monitor` and `lab`: the spool is opened (and refused
    /// when it cannot be written) before anything runs; the server is reached in the background.
    func recorder() throws(LedgerError) -> DeliveringRecorder {
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
