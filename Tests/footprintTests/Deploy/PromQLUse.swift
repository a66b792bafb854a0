import Foundation

/// What a PromQL expression of the dashboard uses of the exported metrics: the `footprint_*` names,
/// and each label it names with the metric it must be on. Written for the forms the dashboard
/// uses: selectors `name{label="…"}`, aggregations `op by (labels) (argument)`, `on (…)` and
/// `group_left (…)` matching, and `label_values(name, label)`.
struct PromQLUse {
    /// A label the expression names and the metrics one of which must carry it.
    struct LabelUse: Hashable, CustomStringConvertible {
        var label: String
        var metrics: [String]
        var description: String { "\(label) on \(metrics.joined(separator: " or "))" }
    }

    var names: [String] = []
    var labels: [LabelUse] = []

    init(_ expression: String) throws {
        let text = expression as NSString
        let metricPattern = try Self.regex("footprint_[a-z0-9_]+")
        let whole = NSRange(location: 0, length: text.length)
        let metrics = metricPattern.matches(in: expression, range: whole).map {
            ($0.range, text.substring(with: $0.range))
        }
        names = metrics.map(\.1)
        // Selectors: the labels inside the braces right after a name are that metric's.
        for (range, name) in metrics {
            let after = range.location + range.length
            guard after < text.length, text.character(at: after) == UInt16(UInt8(ascii: "{")) else { continue }
            let close = text.range(of: "}", range: NSRange(location: after, length: text.length - after))
            guard close.location != NSNotFound else { continue }
            let inside = text.substring(with: NSRange(location: after + 1, length: close.location - after - 1))
            for match in try Self.regex(#"([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)"#).matches(
                in: inside, range: NSRange(location: 0, length: (inside as NSString).length))
            {
                labels.append(
                    LabelUse(label: (inside as NSString).substring(with: match.range(at: 1)), metrics: [name]))
            }
        }
        // Aggregations: the grouping labels are on the first metric of the argument (the left side of
        // its binary operations, whose labels the result keeps).
        for match in try Self.regex(#"\b(?:by|without)\s*\(([^)]*)\)\s*\("#).matches(in: expression, range: whole) {
            let argumentStart = match.range.location + match.range.length
            let argumentEnd = Self.closingParenthesis(in: text, from: argumentStart)
            let first = metrics.first { $0.0.location >= argumentStart && $0.0.location < argumentEnd }
            for label in Self.list(text.substring(with: match.range(at: 1))) {
                labels.append(LabelUse(label: label, metrics: first.map { [$0.1] } ?? []))
            }
        }
        // Matching: the labels are on one of the expression's metrics.
        for match in try Self.regex(#"\b(?:on|ignoring|group_left|group_right)\s*\(([^)]*)\)"#).matches(
            in: expression, range: whole)
        {
            for label in Self.list(text.substring(with: match.range(at: 1))) {
                labels.append(LabelUse(label: label, metrics: names))
            }
        }
        for match in try Self.regex(#"label_values\(\s*(footprint_[a-z0-9_]+)\s*,\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)"#)
            .matches(in: expression, range: whole)
        {
            labels.append(
                LabelUse(
                    label: text.substring(with: match.range(at: 2)), metrics: [text.substring(with: match.range(at: 1))]
                ))
        }
    }

    /// The labels a legend names (`{{label}}`).
    static func legendLabels(_ legend: String) throws -> [String] {
        try regex(#"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}"#).matches(
            in: legend, range: NSRange(location: 0, length: (legend as NSString).length)
        ).map { (legend as NSString).substring(with: $0.range(at: 1)) }
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Where the parenthesis opened just before `start` closes (the end of the text if it does not).
    static func closingParenthesis(in text: NSString, from start: Int) -> Int {
        var depth = 1, index = start
        while index < text.length {
            switch text.character(at: index) {
            case UInt16(UInt8(ascii: "(")): depth += 1
            case UInt16(UInt8(ascii: ")")):
                depth -= 1
                if depth == 0 { return index }
            default: break
            }
            index += 1
        }
        return text.length
    }

    static func regex(_ pattern: String) throws -> NSRegularExpression { try NSRegularExpression(pattern: pattern) }
}
