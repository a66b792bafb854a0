import FootprintLedger
import Foundation

/// Where a team's ledger lives: a `postgres://` (or `postgresql://`) URL, parsed once.
///
/// `postgres://USER[:PASSWORD]@HOST[:PORT][/DATABASE][?sslmode=…&sslrootcert=…&connect_timeout=…]`:
/// the port defaults to 5432, the database to the user's name, TLS to `prefer`, as libpq does.
/// The password, when the URL carries one, is kept apart from everything that may be shown:
/// ``redacted`` is the only form of the URL that is printed, logged, put in an error or stored.
public struct PostgresLocation: Sendable, Hashable {
    /// How a connection uses TLS (libpq's `sslmode`).
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP only.
        case disable
        /// TLS when the server offers it, plain otherwise.
        case prefer
        /// TLS or nothing, the certificate not checked: encrypted, not authenticated.
        case require
        /// TLS with the certificate's chain checked, not its host name.
        case verifyCA = "verify-ca"
        /// TLS with the certificate's chain and host name checked.
        case verifyFull = "verify-full"
    }

    public var user: String
    /// The URL's password, percent-decoded; nil when it has none. Never shown.
    public var password: String?
    /// A host name or an IP address (an IPv6 one without its brackets).
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode
    /// The PEM file of the certificate authorities `verify-ca` and `verify-full` trust; the
    /// system's store when nil.
    public var rootCertificates: String?
    /// Seconds to wait for a connection; nil for the default.
    public var connectTimeout: Double?
    /// Whether the URL said `sslmode` (it is repeated in ``redacted`` only then).
    var tlsGiven = false

    /// Parses a URL.
    /// - Throws: ``LedgerError`` with reason `.badLocation` naming the part that is wrong. The
    ///   description never repeats the URL, which may hold a password.
    public init(parsing text: String) throws(LedgerError) {
        guard let schemeEnd = text.range(of: "://"),
            ["postgres", "postgresql"].contains(text[..<schemeEnd.lowerBound].lowercased())
        else {
            throw Self.bad("does not start with postgres:// or postgresql://")
        }
        var rest = Substring(text[schemeEnd.upperBound...])
        if rest.contains("#") { throw Self.bad("has a fragment (#…), which a ledger URL cannot have") }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var hostPort = rest
        var userPart: Substring?
        var passwordPart: Substring?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            hostPort = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                userPart = userInfo[..<colon]
                passwordPart = userInfo[userInfo.index(after: colon)...]
            } else {
                userPart = userInfo
            }
        }
        let user = try userPart.map { part throws(LedgerError) in try Self.decode(part, "user name") } ?? ""
        guard !user.isEmpty else {
            throw Self.bad("names no user: write postgres://USER@HOST/DATABASE")
        }
        self.user = user
        password = try passwordPart.map { part throws(LedgerError) in try Self.decode(part, "password") }
        (host, port) = try Self.hostAndPort(hostPort)
        let database = try Self.decode(path, "database name")
        guard !database.contains("/") else { throw Self.bad("has a database name with a slash in it") }
        self.database = database.isEmpty ? user : database
        tls = .prefer
        rootCertificates = nil
        connectTimeout = nil
        try readQuery(query)
    }

    private static func hostAndPort(_ text: Substring) throws(LedgerError) -> (String, Int) {
        var host: String
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw bad("has an IPv6 address without its closing ]")
            }
            host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw bad("has something after the IPv6 address that is not :PORT") }
                portText = after.dropFirst()
            }
        } else {
            if text.contains(",") { throw bad("names several hosts; a ledger URL names one") }
            if let colon = text.lastIndex(of: ":") {
                host = String(text[..<colon])
                portText = text[text.index(after: colon)...]
            } else {
                host = String(text)
            }
            host = try decode(Substring(host), "host")
        }
        guard !host.isEmpty else { throw bad("names no host: write postgres://USER@HOST/DATABASE") }
        var port = 5432
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw bad("has the port '\(portText)', which is not a number from 1 to 65535")
            }
            port = number
        }
        return (host, port)
    }

    private mutating func readQuery(_ query: Substring) throws(LedgerError) {
        for item in query.split(separator: "&") where !item.isEmpty {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.decode(pair[0], "query parameter")
            let value = try Self.decode(pair.count > 1 ? pair[1] : "", "value of \(key)")
            switch key {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw Self.bad(
                        "has sslmode=\(value); this footprint knows "
                            + TLSMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                (tls, tlsGiven) = (mode, true)
            case "sslrootcert":
                guard !value.isEmpty else { throw Self.bad("has an empty sslrootcert") }
                rootCertificates = value
            case "connect_timeout":
                guard let seconds = Double(value), seconds.isFinite, seconds > 0 else {
                    throw Self.bad("has connect_timeout=\(value), which is not a number of seconds above 0")
                }
                connectTimeout = seconds
            default:
                throw Self.bad(
                    "has the query parameter '\(key)'; this footprint knows sslmode, sslrootcert and connect_timeout")
            }
        }
    }

    private static func decode(_ part: Substring, _ what: String) throws(LedgerError) -> String {
        guard let decoded = String(part).removingPercentEncoding else {
            throw bad("has a \(what) with a % that does not start a percent-encoded byte (write %25 for %)")
        }
        return decoded
    }

    private static func bad(_ problem: String) -> LedgerError {
        LedgerError(.badLocation, "the ledger URL \(problem)")
    }

    /// True for text that means a server's ledger rather than a file's path.
    public static func isPostgresURL(_ text: String) -> Bool {
        let lower = text.prefix(13).lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// The URL without its password: `postgres://USER@HOST:PORT/DATABASE`, with the TLS settings
    /// the URL gave. What is shown and stored wherever this ledger is named.
    public var redacted: String {
        var allowed = CharacterSet.urlUserAllowed
        allowed.remove(charactersIn: ":@/?#[]%")
        func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        var queryAllowed = CharacterSet.urlQueryAllowed
        queryAllowed.remove(charactersIn: "&=+#%")
        let shownHost = host.contains(":") ? "[\(host)]" : encoded(host)
        var items: [String] = []
        if tlsGiven { items.append("sslmode=\(tls.rawValue)") }
        if let rootCertificates {
            items.append(
                "sslrootcert=" + (rootCertificates.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? ""))
        }
        if let connectTimeout { items.append("connect_timeout=\(Self.seconds(connectTimeout))") }
        let query = items.isEmpty ? "" : "?" + items.joined(separator: "&")
        return "postgres://\(encoded(user))@\(shownHost):\(port)/\(encoded(database))\(query)"
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}
