import FootprintCore

/// Builds one line of JSON by hand: the journal writes one per sample, and an encoder per sample
/// would cost more than the sample itself.
struct JSONLine {
    private var text = "{"

    mutating func add(_ key: String, _ value: String?) {
        separator(key)
        if let value { Self.quote(value, into: &text) } else { text += "null" }
    }

    mutating func add(_ key: String, _ value: Double) {
        separator(key)
        text += value.isFinite ? "\(value)" : "null"
    }

    mutating func add(_ key: String, _ value: Int) {
        separator(key)
        text += "\(value)"
    }

    mutating func add(_ key: String, _ values: [String]) {
        separator(key)
        text += "["
        for (i, value) in values.enumerated() {
            if i > 0 { text += "," }
            Self.quote(value, into: &text)
        }
        text += "]"
    }

    /// A nested object, already rendered.
    mutating func add(_ key: String, raw: String) {
        separator(key)
        text += raw
    }

    var line: String { text + "}\n" }
    var object: String { text + "}" }

    private mutating func separator(_ key: String) {
        if text.count > 1 { text += "," }
        Self.quote(key, into: &text)
        text += ":"
    }

    static func quote(_ value: String, into text: inout String) {
        JSONStringLiteral.append(value, to: &text)
    }
}
