/// A span of time, stored in seconds.
///
/// Named `Duration` in the domain sense; Swift's own `Swift.Duration` is a clock type and is
/// spelled with its module name where both are in scope.
public struct Duration: Sendable, Hashable, Comparable, Codable {
    /// The duration in seconds.
    public var seconds: Double

    /// Creates a duration from seconds.
    public init(seconds: Double) { self.seconds = seconds }

    /// Creates a duration from seconds.
    public static func seconds(_ value: Double) -> Duration { Duration(seconds: value) }
    /// Creates a duration from hours.
    public static func hours(_ value: Double) -> Duration { Duration(seconds: value * 3_600) }
    /// Creates a duration from days.
    public static func days(_ value: Double) -> Duration { Duration(seconds: value * 86_400) }

    /// The duration in hours.
    public var hours: Double { seconds / 3_600 }
    /// The duration in days.
    public var days: Double { seconds / 86_400 }

    public static func < (lhs: Duration, rhs: Duration) -> Bool { lhs.seconds < rhs.seconds }
    public static func + (lhs: Duration, rhs: Duration) -> Duration { Duration(seconds: lhs.seconds + rhs.seconds) }
    public static func * (lhs: Duration, rhs: Double) -> Duration { Duration(seconds: lhs.seconds * rhs) }
}

extension Duration: CustomStringConvertible {
    /// The duration in ns, µs, s, min, h or days, whichever reads best: the small units only below
    /// a millisecond, where seconds would need an exponent ("223 µs", not "2.23e-04 s").
    public var description: String {
        switch abs(seconds) {
        case 0: return "0 s"
        case ..<1e-6: return Format.significant(seconds * 1e9) + " ns"
        case ..<1e-3: return Format.significant(seconds * 1e6) + " µs"
        case ..<120: return Format.significant(seconds) + " s"
        case ..<7_200: return Format.significant(seconds / 60) + " min"
        case ..<172_800: return Format.significant(hours) + " h"
        default: return Format.significant(days) + " days"
        }
    }
}
