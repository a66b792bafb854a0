import Hummingbird
import Synchronization

/// Who may read the dashboard. Without a token, anyone who can reach its address (localhost by
/// default). With one, every request but `/healthz` and the login form needs it: as a bearer
/// header (`Authorization: Bearer TOKEN`, for scripts and the API) or as the session cookie the
/// login form sets after the token was typed once (for browsers). The token is compared in
/// constant time and never logged, echoed or put in a cookie.
public final class DashboardAccess: Sendable {
    /// nil: the dashboard is open.
    let token: String?
    /// The sessions the login form opened (random, held in memory: a restart logs everyone out),
    /// oldest first.
    private let sessions = Mutex<[String]>([])

    /// How many sessions are kept; a new login beyond them closes the oldest.
    static let maximumSessions = 1_000
    /// The session cookie's name.
    static let cookieName = "footprint_session"

    /// - Parameter token: the token every request must carry; nil for an open dashboard.
    public init(token: String?) {
        self.token = token
    }

    /// An open dashboard.
    public static let open = DashboardAccess(token: nil)

    var isOpen: Bool { token == nil }

    /// Whether the request carries the token (bearer) or a session the login form opened.
    func admits(_ request: Request) -> Bool {
        guard let token else { return true }
        for field in request.headers[values: .authorization] {
            let parts = field.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer",
                Self.equalInConstantTime(String(parts[1]).trimmedSpaces, token)
            {
                return true
            }
        }
        if let cookie = request.cookies[Self.cookieName]?.value {
            let known = sessions.withLock { $0 }
            // Every session compared, in constant time each: how long the answer takes says nothing.
            return known.reduce(false) { $0 || Self.equalInConstantTime(cookie, $1) }
        }
        return false
    }

    /// A new session for a login that gave `candidate`, nil when it is not the token.
    func openSession(with candidate: String) -> String? {
        guard let token, Self.equalInConstantTime(candidate, token) else { return nil }
        var generator = SystemRandomNumberGenerator()
        let session = (0..<4).map { _ in
            let word = generator.next() as UInt64
            let text = String(word, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
        sessions.withLock {
            $0.append(session)
            if $0.count > Self.maximumSessions { $0.removeFirst($0.count - Self.maximumSessions) }
        }
        return session
    }

    /// True when both texts are the same bytes; takes as long for any two texts of the same
    /// lengths, wherever they first differ.
    static func equalInConstantTime(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(truncatingIfNeeded: x.count ^ y.count) | (x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks (a token file's final newline).
    var trimmedSpaces: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
