import FootprintLedger
import Hummingbird

/// Why the dashboard answers a request with an error: the HTTP status and one line for the reader
/// (never a value of the request's credentials).
struct DashboardRefusal: Error, Sendable, Equatable {
    var status: HTTPResponse.Status
    var message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// A ledger's refusal as the status it is: no such run 404, an ambiguous prefix 400, a ledger
    /// server that cannot be reached 503, anything else 500.
    init(_ error: LedgerError) {
        let status: HTTPResponse.Status =
            switch error.reason {
            case .noSuchRun: .notFound
            case .ambiguousID: .badRequest
            case .unreachable: .serviceUnavailable
            default: .internalServerError
            }
        self.init(status, "\(error)")
    }

    /// Any error a handler met, as a refusal.
    static func from(_ error: any Error) -> DashboardRefusal {
        switch error {
        case let refusal as DashboardRefusal: refusal
        case let ledger as LedgerError: DashboardRefusal(ledger)
        default: DashboardRefusal(.internalServerError, "\(error)")
        }
    }
}
