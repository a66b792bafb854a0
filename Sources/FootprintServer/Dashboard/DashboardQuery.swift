import FootprintCore
import FootprintLedger

#if canImport(Glibc)
import Glibc
#endif

/// A request's query string, read and checked: each parameter named at most once, known to the
/// page, of bounded length and free of control characters. An empty value is no value (a filter
/// form sends its empty fields).
struct DashboardQuery: Sendable {
    private(set) var values: [String: String] = [:]

    /// A query of no parameters.
    static let empty = DashboardQuery()

    private init() {}

    /// The longest value taken: a project, user or host name is far shorter.
    static let maximumLength = 256

    /// - Throws: ``DashboardRefusal`` naming the first parameter that is not right.
    init(_ query: String?, allowed: [String]) throws(DashboardRefusal) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw DashboardRefusal(.badRequest, "a query parameter is not valid percent-encoded UTF-8")
            }
            guard allowed.contains(name) else {
                let shown = Format.clipped(name, to: 40)
                throw DashboardRefusal(
                    .badRequest,
                    allowed.isEmpty
                        ? "this page takes no query parameters; got '\(shown)'"
                        : "unknown query parameter '\(shown)'; this page takes \(allowed.joined(separator: ", "))")
            }
            guard values[name] == nil else { throw DashboardRefusal(.badRequest, "'\(name)' is given twice") }
            guard value.count <= Self.maximumLength else {
                throw DashboardRefusal(.badRequest, "'\(name)' is longer than \(Self.maximumLength) characters")
            }
            guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw DashboardRefusal(.badRequest, "'\(name)' contains a control character")
            }
            let trimmed = value.trimmedSpaces
            if !trimmed.isEmpty { values[name] = trimmed }
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    /// Percent-escapes decoded, and `+` as a space in a query (not in a path); nil for a bad
    /// escape or bytes that are not UTF-8.
    static func decode(_ text: Substring, plusIsSpace: Bool = true) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+") where plusIsSpace: bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The value as a count within `range`, or `fallback` when absent.
    func count(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws(DashboardRefusal) -> Int {
        guard let text = values[name] else { return fallback }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text), range.contains(number) else {
            throw DashboardRefusal(
                .badRequest,
                "'\(name)' takes a whole number from \(range.lowerBound) to \(range.upperBound); got '\(Format.clipped(text, to: 40))'"
            )
        }
        return number
    }
}

/// The runs a page lists: the filter of `?project=…&user=…&host=…&job=…&since=…&until=…&status=…`
/// and the page of them, `?limit=…&offset=…`.
struct RunSelection: Sendable, Hashable {
    var filter: RunFilter
    var limit: Int
    var offset: Int

    static let filterNames = ["project", "user", "host", "job", "since", "until", "status"]
    static let names = filterNames + ["limit", "offset"]
    static let maximumOffset = 100_000_000

    init(_ query: DashboardQuery, defaultLimit: Int, maximumLimit: Int) throws(DashboardRefusal) {
        var status: RunStatus?
        if let text = query["status"] {
            guard let parsed = RunStatus(rawValue: text) else {
                throw DashboardRefusal(
                    .badRequest,
                    "'status' takes running, finished or interrupted; got '\(Format.clipped(text, to: 40))'")
            }
            status = parsed
        }
        let since = try query["since"].map { text throws(DashboardRefusal) in try Self.time(text, name: "since") }
        let until = try query["until"].map { text throws(DashboardRefusal) in try Self.time(text, name: "until") }
        filter = RunFilter(
            project: query["project"], since: since, until: until, user: query["user"], host: query["host"],
            jobID: query["job"], status: status)
        if let since = filter.since, let until = filter.until, until <= since {
            throw DashboardRefusal(.badRequest, "'until' must be after 'since'")
        }
        limit = try query.count("limit", in: 1...maximumLimit, default: defaultLimit)
        offset = try query.count("offset", in: 0...Self.maximumOffset, default: 0)
    }

    /// The query string of this selection with `offset` moved (empty parts left out), `?…` or "".
    func query(offset newOffset: Int? = nil, limit newLimit: Int? = nil, defaultLimit: Int) -> String {
        var parts = Self.pairs(filter)
        let shownLimit = newLimit ?? limit
        if shownLimit != defaultLimit { parts.append(("limit", String(shownLimit))) }
        let shownOffset = newOffset ?? offset
        if shownOffset > 0 { parts.append(("offset", String(shownOffset))) }
        return parts.isEmpty ? "" : "?" + parts.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    /// The filter's parameters as the page's form shows them.
    static func pairs(_ filter: RunFilter) -> [(String, String)] {
        var parts: [(String, String)] = []
        if let project = filter.project { parts.append(("project", project)) }
        if let user = filter.user { parts.append(("user", user)) }
        if let host = filter.host { parts.append(("host", host)) }
        if let job = filter.jobID { parts.append(("job", job)) }
        if let since = filter.since { parts.append(("since", timeText(since))) }
        if let until = filter.until { parts.append(("until", timeText(until))) }
        if let status = filter.status { parts.append(("status", status.rawValue)) }
        return parts
    }

    /// A time as a parameter: the day alone at midnight UTC, else the full UTC time.
    static func timeText(_ seconds: Double) -> String {
        let text = Timestamp.iso8601UTC(seconds)
        return text.hasSuffix("T00:00:00Z") ? String(text.prefix(10)) : text
    }

    /// Percent-encodes all but unreserved characters.
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }

    /// `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ`, as seconds since 1970.
    static func time(_ text: String, name: String) throws(DashboardRefusal) -> Double {
        let refusal = DashboardRefusal(
            .badRequest,
            "'\(name)' takes a UTC date YYYY-MM-DD or time YYYY-MM-DDTHH:MM:SSZ (years 1970–9999); got '\(Format.clipped(text, to: 40))'"
        )
        let scalars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int32? {
            guard range.upperBound <= scalars.count else { return nil }
            var value: Int32 = 0
            for byte in scalars[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int32(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard scalars.count == 10 || scalars.count == 20, scalars.count < 5 || scalars[4] == UInt8(ascii: "-"),
            scalars.count < 8 || scalars[7] == UInt8(ascii: "-"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day)
        else { throw refusal }
        var clock: (Int32, Int32, Int32) = (0, 0, 0)
        if scalars.count == 20 {
            guard scalars[10] == UInt8(ascii: "T"), scalars[13] == UInt8(ascii: ":"), scalars[16] == UInt8(ascii: ":"),
                scalars[19] == UInt8(ascii: "Z"), let h = number(11..<13), let m = number(14..<16),
                let s = number(17..<19), h < 24, m < 60, s < 60
            else { throw refusal }
            clock = (h, m, s)
        }
        var parts = tm()
        (parts.tm_year, parts.tm_mon, parts.tm_mday) = (year - 1900, month - 1, day)
        (parts.tm_hour, parts.tm_min, parts.tm_sec) = clock
        let seconds = timegm(&parts)
        // timegm moves a day the month does not have (2024-02-30) into the next month: a typo.
        guard parts.tm_mon == month - 1, parts.tm_mday == day else {
            throw DashboardRefusal(.badRequest, "'\(name)': \(text) is not a day of the calendar")
        }
        return Double(seconds)
    }
}
