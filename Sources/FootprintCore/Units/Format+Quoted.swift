extension Format {
    /// `text` in single quotes for a one-line message that repeats what a user gave: control
    /// characters, line and paragraph separators and bidirectional overrides written as escapes
    /// (`\n`, `\u{1B}`), so that the message stays one line and cannot drive the terminal; past
    /// `limit` characters cut with "…" and the length said, so that 100 kB pasted by mistake is not
    /// repeated back whole.
    public static func quoted(_ text: String, limit: Int = 80) -> String {
        var shown = ""
        var count = 0
        for character in text {
            if count == limit {
                return "'\(shown)…' (\(grouped(text.count)) characters)"
            }
            for scalar in character.unicodeScalars { shown += escaped(scalar) }
            count += 1
        }
        return "'\(shown)'"
    }

    /// `text` on one line, every control character escaped as ``quoted(_:limit:)`` does: for a
    /// message built elsewhere (the argument parser's) that may repeat what a user typed.
    public static func oneLine(_ text: String) -> String {
        text.unicodeScalars.map(escaped).joined()
    }

    /// A scalar as a message shows it: itself, or an escape when it would move the cursor, end the
    /// line, reorder the text or be invisible — `\e`, `\n`, `\r`, `\t`, `\xNN` for the other C0 and
    /// C1 controls and DEL, `\u{…}` for line and paragraph separators and bidirectional controls.
    static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x1B: "\\e"
        case 0x0A: "\\n"
        case 0x0D: "\\r"
        case 0x09: "\\t"
        case 0x00...0x1F, 0x7F...0x9F:
            "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
        case 0x2028...0x2029, 0x202A...0x202E, 0x2066...0x2069:
            "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        default:
            String(scalar)
        }
    }

    private static func grouped(_ count: Int) -> String { fixed(Double(count), decimals: 0) }
}
