import FootprintLedger
import Foundation

/// The password a connection to a ledger server offers, from the first place that has one, in
/// libpq's order with the caller's password file second: the URL's password, `passwordFile`,
/// `PGPASSWORD`, then `PGPASSFILE` or `~/.pgpass`. None when no place has one (a server that
/// trusts the client, or a certificate).
public struct PostgresCredentials: Sendable, Hashable {
    /// Where the password came from, for a refusal to name (never the password itself).
    public enum Source: String, Sendable, Hashable {
        case url = "the URL"
        case passwordFile = "the password file"
        case environment = "PGPASSWORD"
        case passFile = "the pgpass file"
        case none = "no password"
    }

    /// Never shown.
    public var password: String?
    public var source: Source
    /// Things the user should know (a pgpass file that others can read, and was ignored).
    public var notes: [String]

    public init(password: String?, source: Source, notes: [String] = []) {
        (self.password, self.source, self.notes) = (password, source, notes)
    }

    /// Finds the password for `location`.
    /// - Parameter passwordFile: a file whose first line is the password (the CLI's `--password-file`).
    /// - Throws: ``LedgerError`` with reason `.authentication` when `passwordFile` cannot be read or is empty.
    public static func resolve(
        for location: PostgresLocation, passwordFile: String?, environment: [String: String]
    ) throws(LedgerError) -> PostgresCredentials {
        if let password = location.password { return .init(password: password, source: .url) }
        if let passwordFile { return .init(password: try firstLine(of: passwordFile), source: .passwordFile) }
        if let password = environment["PGPASSWORD"], !password.isEmpty {
            return .init(password: password, source: .environment)
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let path = environment["PGPASSFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.pgpass"
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            return .init(password: nil, source: .none)
        }
        // libpq ignores a password file that others may read, so that a leaked one is noticed.
        guard info.st_mode & 0o077 == 0 else {
            return .init(
                password: nil, source: .none,
                notes: [
                    "the password file \(path) can be read by others and was ignored; make it private with chmod 600 \(path)"
                ])
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return .init(password: nil, source: .none, notes: ["the password file \(path) could not be read"])
        }
        let password = PassFile(text).password(
            host: location.host, port: location.port, database: location.database, user: location.user)
        return .init(password: password, source: password == nil ? .none : .passFile)
    }

    /// The first line of a password file, without its line ending.
    static func firstLine(of path: String) throws(LedgerError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let problem = (error as NSError).localizedFailureReason ?? "it cannot be read"
            throw LedgerError(.authentication, "cannot read the password file \(path): \(problem)")
        }
        let text = String(decoding: data, as: UTF8.self)
        // "\r\n" is one Character: isNewline ends the line at either ending.
        let password = String(text.prefix { !$0.isNewline })
        guard !password.isEmpty else {
            throw LedgerError(
                .authentication, "the password file \(path) is empty: its first line must be the password")
        }
        return password
    }
}

/// libpq's password file: lines of `host:port:database:user:password`, `*` matching anything in
/// the first four fields, `\:` and `\\` standing for `:` and `\`, `#` starting a comment line.
struct PassFile: Sendable {
    struct Entry: Sendable, Hashable {
        var fields: [String]
    }

    let entries: [Entry]

    init(_ text: String) {
        entries = text.split(whereSeparator: \.isNewline).compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            var fields: [String] = [""]
            var escaped = false
            for character in line {
                if escaped {
                    fields[fields.count - 1].append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 5 {
                    fields.append("")
                } else {
                    fields[fields.count - 1].append(character)
                }
            }
            return fields.count == 5 ? Entry(fields: fields) : nil
        }
    }

    /// The password of the first line that matches; nil when none does.
    func password(host: String, port: Int, database: String, user: String) -> String? {
        let wanted = [host, String(port), database, user]
        return entries.first { entry in
            zip(entry.fields.prefix(4), wanted).allSatisfy { field, value in field == "*" || field == value }
        }?.fields[4]
    }
}
