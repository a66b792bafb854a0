import FootprintCore

/// User-supplied text (run, project and task names, commands, imported cells) on a terminal: the
/// one place that makes it safe to print and measures how wide it shows.
///
/// Control characters would let a name move the cursor, recolour the screen or start a new table
/// row, so each is shown as a visible escape instead: `\e` for ESC, `\n`, `\r`, `\t`, and `\x7F`,
/// `\x9B` style for the rest of C0, DEL and C1; the line and paragraph separators and the
/// bidirectional overrides and isolates (U+2028–U+202E, U+2066–U+2069), which end a line or reorder
/// what follows, are shown as `\u{202E}`.
///
/// Width counts terminal columns, not characters: East Asian wide and fullwidth characters and
/// emoji take 2, combining marks and other zero-width characters 0, the rest 1 (as wcwidth does).
extension Terminal {
    /// `text` with every control character replaced by a visible escape: the same escapes as every
    /// error message's quotation of user input (``Format/oneLine(_:)``), one rule for both.
    static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return Format.oneLine(text)
    }

    /// Text of several lines with each line sanitised: the line breaks stay, escapes inside go.
    static func sanitizedLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { sanitized(String($0)) }.joined(
            separator: "\n")
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// The columns `text` takes on a terminal (after sanitising).
    static func width(_ text: String) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    /// The columns one character (grapheme cluster) takes.
    static func width(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let base = scalars.first else { return 0 }
        // An emoji shown as one: presentation by default, or asked for by VS16, or a flag.
        if base.properties.isEmojiPresentation
            || (base.properties.isEmoji && scalars.contains("\u{FE0F}"))
            || (0x1F1E6...0x1F1FF).contains(base.value)
        {
            return 2
        }
        return width(of: base)
    }

    /// A single scalar's columns: 0 for combining and zero-width, 2 for East Asian wide, else 1.
    static func width(of scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.value == 0x200B || (0x1160...0x11FF).contains(scalar.value) { return 0 }
        return isWide(scalar.value) ? 2 : 1
    }

    /// East Asian Wide (W) and Fullwidth (F) blocks (Unicode's EastAsianWidth.txt, by block).
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
            0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
            0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` sanitised and cut to at most `columns` columns, with "…" where it was cut.
    /// Not ``Format/clipped(_:to:)``, which counts characters: here a wide character takes two
    /// columns and a combining mark none, and control characters are escaped before measuring.
    static func clip(_ text: String, _ columns: Int) -> String {
        let safe = sanitized(text)
        guard width(safe) > columns else { return safe }
        var result = "", used = 0
        for character in safe {
            let w = width(of: character)
            if used + w > columns - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// `text` padded with spaces to `columns` columns, on the right or the left.
    static func pad(_ text: String, to columns: Int, left: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(columns - width(text), 0))
        return left ? padding + text : text + padding
    }
}
