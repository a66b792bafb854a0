#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock timestamps formatted by hand: Foundation's date formatters load ICU, which costs
/// footprint's start-up about 11 MB of memory for two strings.
public enum Timestamp {
    /// Seconds since 1970, from the real-time clock.
    public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// ISO 8601 in UTC: "2026-11-22T09:26:59Z".
    public static func iso8601UTC(_ seconds: Double) -> String {
        format(seconds, utc: true) + "Z"
    }

    /// Local time without zone, as CodeCarbon writes it: "2026-11-22T10:26:59".
    public static func localNoZone(_ seconds: Double) -> String {
        format(seconds, utc: false)
    }

    private static func format(_ seconds: Double, utc: Bool) -> String {
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        if utc { gmtime_r(&time, &parts) } else { localtime_r(&time, &parts) }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
            + "T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}
