import FootprintCore
import FootprintLedger
import PostgresNIO

/// The ledger of a team on a PostgreSQL server: the same runs, samples, tasks, forecasts and
/// experiment results as the SQLite ``Ledger``, read and written through one connection.
///
/// Runs are not recorded here directly: a run is recorded into a local SQLite ledger (the spool)
/// and delivered with ``store(_:)``, which is idempotent, so a delivery repeated after a lost
/// connection adds nothing twice.
public final class PostgresLedger: Sendable {
    /// Where the ledger is, without its password.
    public let postgresLocation: PostgresLocation
    /// What the user should know about how it was opened (a password file ignored).
    public let notes: [String]
    let session: PostgresSession

    /// Connects to the ledger at `location`, creating or upgrading its tables when `access` may
    /// write (`.read` refuses a database without a ledger), and refusing a schema from a newer footprint.
    /// - Parameters:
    ///   - password: the password to offer; nil for none (``PostgresCredentials`` finds it).
    ///   - queryTimeout: seconds a query may take before the call fails with `.unreachable`.
    /// - Throws: ``LedgerError``: `.unreachable`, `.authentication`, `.newerSchema`, `.badLocation`,
    ///   `.missing` (nothing to read).
    public init(
        location: PostgresLocation, password: String?, access: Ledger.Access, notes: [String] = [],
        queryTimeout: Double = 10
    ) throws(LedgerError) {
        postgresLocation = location
        self.notes = notes
        session = try PostgresSession(location: location, password: password, queryTimeout: queryTimeout)
        let applied = try session.withConnection { queries in try PostgresSchema.appliedVersion(queries) }
        if let applied { try PostgresSchema.check(applied, location: location) }
        if applied == nil && access == .read {
            throw LedgerError(.missing, "no footprint ledger in the database at \(location.redacted)")
        }
        if (applied ?? 0) < PostgresSchema.newest { try PostgresSchema.migrate(session) }
    }

    /// Opens the ledger a `postgres://` URL names, its password found as ``PostgresCredentials``
    /// says: the URL's, `passwordFile`'s first line, `PGPASSWORD`, `PGPASSFILE` or `~/.pgpass`.
    public static func open(
        url: String, passwordFile: String?, environment: [String: String], access: Ledger.Access
    ) throws(LedgerError) -> PostgresLedger {
        let location = try PostgresLocation(parsing: url)
        let credentials = try PostgresCredentials.resolve(
            for: location, passwordFile: passwordFile, environment: environment)
        return try PostgresLedger(
            location: location, password: credentials.password, access: access, notes: credentials.notes)
    }

    /// The schema version the server's ledger is at.
    public func schemaVersion() throws(LedgerError) -> Int {
        try session.withConnection { queries in try PostgresSchema.appliedVersion(queries) ?? 0 }
    }

    /// The newest schema version this footprint knows.
    public static var newestSchemaVersion: Int { PostgresSchema.newest }
}
