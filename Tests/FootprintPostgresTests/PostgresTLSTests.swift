import Foundation
import Testing

@testable import FootprintLedger
@testable import FootprintPostgres

/// TLS as the URL's sslmode says, against the test server (ssl=on, a certificate for localhost and
/// 127.0.0.1 signed by a root of its own).
@Suite(.enabled(if: TestCluster.available, TestCluster.skipReason))
struct PostgresTLSTests {
    /// Whether the ledger's connection is encrypted, as the server sees it.
    func encrypted(_ ledger: PostgresLedger) throws -> Bool {
        try ledger.session.withConnection { queries in
            try queries.rows("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first?.boolean("ssl") ?? false
        }
    }

    @Test(arguments: [("disable", false), ("prefer", true), ("require", true)])
    func encryptsAsTheModeSays(mode: String, expected: Bool) throws {
        let server = try TestCluster.shared()
        let ledger = try server.ledger(server.url(database: "footprint", query: "sslmode=\(mode)"))
        #expect(try encrypted(ledger) == expected)
    }

    @Test(arguments: ["127.0.0.1", "localhost"])
    func verifyFullTrustsTheServerWithItsRoot(host: String) throws {
        let server = try TestCluster.shared()
        let url =
            "postgres://footprint@\(host):\(server.port)/footprint?sslmode=verify-full&sslrootcert=\(server.rootCertificate)"
        #expect(try encrypted(try server.ledger(url)))
    }

    @Test func verifyFullRefusesACertificateItCannotTrace() throws {
        let server = try TestCluster.shared()
        #expect {
            _ = try server.ledger(server.url(database: "footprint", query: "sslmode=verify-full"), access: .read)
        } throws: { error in
            let error = error as? LedgerError
            return error?.reason == .authentication && error?.description.contains("TLS") == true
        }
    }

    @Test func anUnreadableRootIsABadLocation() throws {
        let server = try TestCluster.shared()
        #expect {
            _ = try server.ledger(
                server.url(database: "footprint", query: "sslmode=verify-full&sslrootcert=/nonexistent/root.crt"),
                access: .read)
        } throws: { error in
            (error as? LedgerError)?.reason == .badLocation
        }
    }
}
