/// A string written as a JSON string literal, for the few places that build JSON text by hand
/// (the run journal writes one line per sample, where an encoder per sample would cost more than
/// the sample; the ledger keeps a CodeCarbon row's cells as one JSON object).
public enum JSONStringLiteral {
    /// Appends `value` to `text` as a quoted JSON string: quote, backslash and control characters
    /// escaped, everything else as it is.
    public static func append(_ value: String, to text: inout String) {
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

    /// `value` as a quoted JSON string.
    public static func quoted(_ value: String) -> String {
        var text = ""
        append(value, to: &text)
        return text
    }
}
