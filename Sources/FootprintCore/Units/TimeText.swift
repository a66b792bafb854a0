/// Instants and spans as people type them on a command line or find them in a CSV file, parsed by
/// hand for the same reason ``Timestamp`` formats by hand (Foundation's formatters load ICU).
public enum TimeText {
    /// An instant, seconds since 1970: ISO 8601 with a zone ("2026-11-30T14:00Z",
    /// "2026-11-30T14:00:00+01:00", "2026-11-30 14:00:00Z"), or a date and time without one, read
    /// as UTC ("2026-11-30T14:00", "2026-11-30 14:00:00", "2026-11-30"). Years 1970–9999; nil for
    /// anything else, including days the calendar lacks (2026-02-30).
    public static func instant(_ text: String) -> Double? {
        var rest = text.trimmingSpaces
        guard let year = number(&rest, digits: 4), take("-", &rest), let month = number(&rest, digits: 2),
            take("-", &rest), let day = number(&rest, digits: 2), (1970...9999).contains(year),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var seconds = 0.0
        if take("T", &rest) || take(" ", &rest) {
            guard let hour = number(&rest, digits: 2), take(":", &rest), let minute = number(&rest, digits: 2),
                hour < 24, minute < 60
            else { return nil }
            seconds = Double(hour * 3_600 + minute * 60)
            if take(":", &rest) {
                guard let second = number(&rest, digits: 2), second < 60 else { return nil }
                seconds += Double(second)
                if take(".", &rest) {
                    let fraction = rest.prefix { $0.isASCII && $0.isNumber }
                    guard !fraction.isEmpty, let value = Double("0." + fraction) else { return nil }
                    seconds += value
                    rest = rest.dropFirst(fraction.count)
                }
            }
        }
        var offset = 0
        if take("Z", &rest) || take("z", &rest) {
            offset = 0
        } else if let sign = rest.first, sign == "+" || sign == "-" {
            rest = rest.dropFirst()
            guard let hours = number(&rest, digits: 2) else { return nil }
            _ = take(":", &rest)
            let minutes = number(&rest, digits: 2) ?? 0
            guard hours <= 14, minutes < 60 else { return nil }
            offset = (sign == "+" ? 1 : -1) * (hours * 3_600 + minutes * 60)
        }
        guard rest.isEmpty else { return nil }
        return Double(daysSinceEpoch(year: year, month: month, day: day)) * 86_400 + seconds - Double(offset)
    }

    /// A span in seconds: a number with a unit ("90s", "45m", "6h", "2d", "1.5h") or several
    /// ("1h30m"); a bare number is seconds. Nil for anything else, negative spans included.
    public static func duration(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces.lowercased()
        guard !trimmed.isEmpty else { return nil }
        if let plain = Double(trimmed), plain.isFinite, plain >= 0 { return plain }
        var total = 0.0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let digits = rest.prefix { ($0.isASCII && $0.isNumber) || $0 == "." }
            guard !digits.isEmpty, let value = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "s", "sec": scale = 1
            case "m", "min": scale = 60
            case "h", "hr": scale = 3_600
            case "d": scale = 86_400
            default: return nil
            }
            total += value * scale
        }
        return total.isFinite ? total : nil
    }

    private static func number(_ text: inout Substring, digits: Int) -> Int? {
        let prefix = text.prefix(digits)
        guard prefix.count == digits, prefix.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(prefix) else {
            return nil
        }
        text = text.dropFirst(digits)
        return value
    }

    private static func take(_ character: Character, _ text: inout Substring) -> Bool {
        guard text.first == character else { return false }
        text = text.dropFirst()
        return true
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days-from-civil).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
