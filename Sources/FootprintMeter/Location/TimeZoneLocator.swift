import FootprintSystem

/// Finds the country of the system time zone, offline: `TZ`, `/etc/timezone` or the
/// `/etc/localtime` link give a zone name, and `zone.tab` maps it to an ISO country code.
public struct TimeZoneLocator: Sendable {
    /// The root of the file system (`/` outside tests).
    public let root: String
    /// The environment to read `TZ` from.
    public let environment: [String: String]

    public init(root: String = "/", environment: [String: String]) {
        self.root = SystemFile.base(ofRoot: root)
        self.environment = environment
    }

    /// The zone name and its country, or nil (UTC, or no time zone configured).
    public func locate() -> (zone: String, country: String)? {
        guard let zone = zoneName(), let table = try? SystemFile.text("\(root)/usr/share/zoneinfo/zone.tab"),
            let country = Self.country(of: zone, zoneTable: table)
        else { return nil }
        return (zone, country)
    }

    /// The configured zone name, e.g. "Europe/Berlin".
    public func zoneName() -> String? {
        if var tz = environment["TZ"], !tz.isEmpty {
            if tz.hasPrefix(":") { tz.removeFirst() }
            if let range = tz.range(of: "zoneinfo/") { tz = String(tz[range.upperBound...]) }
            return tz
        }
        if let text = try? SystemFile.text("\(root)/etc/timezone") {
            let zone = text.trimmingNewline()
            if !zone.isEmpty { return zone }
        }
        if let target = Self.linkTarget("\(root)/etc/localtime"), let range = target.range(of: "zoneinfo/") {
            return String(target[range.upperBound...])
        }
        return nil
    }

    /// The country code `zone.tab` gives a zone name.
    ///
    /// Read as bytes: splitting the table's 450 lines into Characters was about a tenth of the CPU
    /// `footprint run` spends starting.
    public static func country(of zone: String, zoneTable: String) -> String? {
        let wanted = Array(zone.utf8)
        for line in zoneTable.utf8.split(separator: UInt8(ascii: "\n")) where line.first != UInt8(ascii: "#") {
            let fields = line.split(separator: UInt8(ascii: "\t"))
            if fields.count >= 3, fields[2].elementsEqual(wanted) { return String(decoding: fields[0], as: UTF8.self) }
        }
        return nil
    }

    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4_096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

#if canImport(Glibc)
import Glibc
#endif
