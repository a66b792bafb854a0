import Foundation

/// Number formatting for people: a few significant figures, thousands grouped.
public enum Format {
    /// Formats a value with `digits` significant figures (3 by default), grouping thousands
    /// and switching to scientific notation outside 1e-3 ..< 1e9, where digits stop being readable.
    public static func significant(_ value: Double, digits: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "-∞") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude < 1e-3 || magnitude >= 1e9 {
            // "1.50e+09" → "1.5e+09": trailing zeros of the mantissa say nothing.
            let text = String(format: "%.\(max(digits - 1, 0))e", value)
            guard let e = text.firstIndex(of: "e"), text[..<e].contains(".") else { return text }
            var mantissa = text[..<e]
            while mantissa.last == "0" { mantissa.removeLast() }
            if mantissa.last == "." { mantissa.removeLast() }
            return String(mantissa + text[e...])
        }
        let exponent = Int(floor(log10(magnitude)))
        if exponent >= max(digits, 4) {
            // Beyond four integer digits, round to the significant figures too: 1,219,470 → 1,220,000.
            let step = pow(10, Double(exponent - digits + 1))
            return grouped((value / step).rounded() * step, decimals: 0)
        }
        let decimals = max(digits - 1 - exponent, 0)
        let scale = pow(10, Double(decimals))
        let rounded = (value * scale).rounded() / scale
        return grouped(rounded, decimals: decimals)
    }

    /// Formats a value with a fixed number of decimals, grouping thousands.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return significant(value) }
        return grouped(value, decimals: decimals)
    }

    /// A count with thousands separators (131,950).
    public static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (n < 0 ? "-" : "") + grouped
    }

    /// Formats a fraction 0…1 as a percentage with up to three significant figures.
    public static func percent(_ fraction: Double) -> String {
        significant(fraction * 100) + " %"
    }

    private static func grouped(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", abs(value))
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var groups: [Substring] = []
        while integer.count > 3 {
            groups.insert(Substring(integer.suffix(3)), at: 0)
            integer.removeLast(3)
        }
        groups.insert(Substring(integer), at: 0)
        var result = groups.joined(separator: ",")
        if parts.count == 2 {
            // Trailing zeros carry no information once the significant figures are fixed.
            let fraction = parts[1].reversed().drop(while: { $0 == "0" }).reversed()
            if !fraction.isEmpty { result += "." + String(fraction) }
        }
        return (value < 0 ? "-" : "") + result
    }
}
