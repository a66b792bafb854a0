import FootprintLedger
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Errors of the driver as ledger errors a user can act on, by what went wrong: the server could
/// not be reached or went away (`.unreachable`), refused the credentials or the TLS
/// (`.authentication`), or refused a statement. Descriptions name the redacted URL, never the
/// password, and never the SQL or its values.
enum PostgresFailure {
    static func map(
        _ error: any Error, location: PostgresLocation, timedOut: Bool, timeout: Double = 0
    ) -> LedgerError {
        if let error = error as? LedgerError { return error }
        let place = location.redacted
        if timedOut {
            return LedgerError(
                .unreachable,
                "the ledger server at \(place) did not answer within \(PostgresLocation.seconds(timeout)) s")
        }
        guard let error = error as? PSQLError else {
            if let tls = error as? NIOSSLError {
                return LedgerError(.authentication, "the TLS connection to \(place) failed: \(describe(tls))")
            }
            return LedgerError(.unreachable, "cannot reach the ledger server at \(place): \(describe(error))")
        }
        switch error.code {
        case .server:
            return server(error, location: location)
        case .sslUnsupported:
            return LedgerError(
                .authentication,
                "the ledger server at \(place) does not offer TLS, which sslmode=\(location.tls.rawValue) asks for")
        case .authMechanismRequiresPassword:
            return LedgerError(
                .authentication,
                "the ledger server at \(place) asks user \(location.user) for a password, and none was given")
        case .unsupportedAuthMechanism, .saslError:
            return LedgerError(
                .authentication,
                "the ledger server at \(place) asks user \(location.user) to log in in a way footprint cannot"
                    + (error.underlying.map { " (\(describe($0)))" } ?? ""))
        case .queryCancelled:
            return LedgerError(.unreachable, "the ledger server at \(place) cancelled a query")
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            if let tls = error.underlying as? NIOSSLError {
                return LedgerError(.authentication, "the TLS connection to \(place) failed: \(describe(tls))")
            }
            let why = error.underlying.map { ": \(describe($0))" } ?? ": the connection was closed"
            return LedgerError(.unreachable, "cannot reach the ledger server at \(place)\(why)")
        default:
            return LedgerError(.other, "the ledger server at \(place) failed: \(error.code)")
        }
    }

    /// An error the server sent, by its SQLSTATE class.
    static func server(_ error: PSQLError, location: PostgresLocation) -> LedgerError {
        let place = location.redacted
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? "an error"
        switch state {
        case "28P01", "28000":
            return LedgerError(
                .authentication,
                "the ledger server at \(place) refused the credentials of user \(location.user): \(message)")
        case "3D000":
            return LedgerError(
                .badLocation, "the ledger server at \(place) has no database \(location.database): \(message)")
        case "57014":
            return LedgerError(.unreachable, "the ledger server at \(place) cancelled a query: \(message)")
        case _ where state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300":
            return LedgerError(.unreachable, "the ledger server at \(place) is not available: \(message)")
        case _ where state.hasPrefix("42501"):
            return LedgerError(.readOnly, "the ledger server at \(place) refused: \(message)")
        default:
            return LedgerError(.other, "the ledger server at \(place) refused a statement: \(message) (\(state))")
        }
    }

    /// One line for an error of the network or TLS layers.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            // Its own description is deliberately generic; the code and the cause say what happened.
            if let underlying = error.underlying { return describe(underlying) }
            switch error.code {
            case .serverClosedConnection: return "the server closed the connection"
            case .clientClosedConnection: return "the connection was closed"
            default: return "\(error.code)"
            }
        }
        if let error = error as? NIOConnectionError {
            return error.connectionErrors.first.map { describe($0.error) } ?? "no address could be connected to"
        }
        // IOError's own description wraps the C library's text in NIO's ("connection reset (error
        // set): Connection refused) (errno: 111)"); the system's sentence is what a user can act on.
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        if let error = error as? ChannelError, case .connectTimeout(let amount) = error {
            return "no connection within \(PostgresLocation.seconds(Double(amount.nanoseconds) / 1e9)) s"
        }
        if let error = error as? NIOSSLError {
            switch error {
            case .handshakeFailed(let inner): return "the TLS handshake failed (\(inner))"
            default: return "\(error)"
            }
        }
        return "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}
