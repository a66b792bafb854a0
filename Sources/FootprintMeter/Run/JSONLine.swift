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
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
