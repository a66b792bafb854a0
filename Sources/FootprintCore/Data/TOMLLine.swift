import Foundation

/// One `key = value` line of a configuration file, read as TOML reads it: a bare or quoted key, a
/// basic string with its escapes, a literal string, a number or a boolean, then nothing but a comment.
struct TOMLLine {
    /// A value and the TOML type it was written as.
    struct Value {
        enum ValueType { case string, number, boolean }
        /// The string's text, or the number as decimal text that `Double` reads (underscores gone,
        /// hexadecimal, octal and binary integers converted).
        var text: String
        var type: ValueType
    }

    private var rest: Substring
    private let at: String

    /// - Parameter at: "path:line", for messages.
    init(_ line: Substring, at: String) {
        rest = line
        self.at = at
    }

    /// The key: bare (letters, digits, `_`, `-`) or in quotes.
    mutating func key() throws(InvalidInput) -> String {
        skipSpaces()
        if let quote = rest.first, quote == "\"" || quote == "'" {
            return try string()
        }
        let bare = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
        guard !bare.isEmpty else {
            guard rest.contains("=") else { throw InvalidInput(.malformed, "\(at): expected key = value") }
            throw InvalidInput(.malformed, "\(at): a key is missing before =")
        }
        rest = rest.dropFirst(bare.count)
        return String(bare)
    }

    mutating func equals() throws(InvalidInput) {
        skipSpaces()
        guard rest.first == "=" else { throw InvalidInput(.malformed, "\(at): expected key = value") }
        rest = rest.dropFirst()
        skipSpaces()
    }

    mutating func value() throws(InvalidInput) -> Value {
        guard let first = rest.first, first != "#" else {
            throw InvalidInput(.malformed, "\(at): the value is missing after =")
        }
        if rest.hasPrefix("\"\"\"") || rest.hasPrefix("'''") {
            throw InvalidInput(
                .malformed, "\(at): multi-line strings are not taken here; write the value on one line in quotes")
        }
        if first == "\"" || first == "'" { return Value(text: try string(), type: .string) }
        let token = rest.prefix { $0 != "#" && $0 != " " && $0 != "\t" }
        rest = rest.dropFirst(token.count)
        if token == "true" || token == "false" { return Value(text: String(token), type: .boolean) }
        if let number = Self.number(String(token)) { return Value(text: number, type: .number) }
        throw InvalidInput(
            .malformed, "\(at): \(Format.quoted(String(token))) is not a string, number or boolean (put text in quotes)"
        )
    }

    /// After the value only spaces and a comment may follow.
    mutating func end() throws(InvalidInput) {
        skipSpaces()
        guard rest.isEmpty || rest.first == "#" else {
            throw InvalidInput(
                .malformed, "\(at): unexpected \(Format.quoted(String(rest))) after the value (a comment starts with #)"
            )
        }
    }

    private mutating func skipSpaces() {
        rest = rest.drop { $0 == " " || $0 == "\t" }
    }

    /// A quoted string at the start of `rest`: "basic" with escapes, or 'literal' as written.
    private mutating func string() throws(InvalidInput) -> String {
        guard let quote = rest.first else { throw InvalidInput(.malformed, "\(at): unterminated string") }
        rest = rest.dropFirst()
        var text = ""
        var scalars = rest.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            if scalar == quote.unicodeScalars.first {
                rest = Substring(scalars)
                return text
            }
            if scalar.properties.generalCategory == .control && scalar != "\t" {
                throw InvalidInput(
                    .malformed,
                    "\(at): a control character (\(Format.oneLine(String(scalar)))) inside a string; write it as an escape"
                )
            }
            guard quote == "\"", scalar == "\\" else {
                text.unicodeScalars.append(scalar)
                continue
            }
            guard let escape = scalars.popFirst() else { break }
            switch escape {
            case "\"": text += "\""
            case "\\": text += "\\"
            case "b": text += "\u{8}"
            case "t": text += "\t"
            case "n": text += "\n"
            case "f": text += "\u{C}"
            case "r": text += "\r"
            case "e": text += "\u{1B}"
            case "u", "U":
                let count = escape == "u" ? 4 : 8
                let digits = String(String.UnicodeScalarView(scalars.prefix(count)))
                guard digits.count == count, let value = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(value)
                else {
                    throw InvalidInput(
                        .malformed, "\(at): \\\(escape) takes \(count) hexadecimal digits of a Unicode scalar")
                }
                scalars = scalars.dropFirst(count)
                text.unicodeScalars.append(decoded)
            default:
                throw InvalidInput(
                    .malformed,
                    "\(at): unknown escape \(Format.oneLine("\\" + String(escape))) in a string (write \\\\ for a backslash)"
                )
            }
        }
        throw InvalidInput(.malformed, "\(at): unterminated string")
    }

    /// A TOML number as decimal text, or nil: integers (also `0x`, `0o`, `0b`), floats, `inf`, `nan`;
    /// an underscore only between two digits.
    static func number(_ token: String) -> String? {
        if ["inf", "+inf", "-inf", "nan", "+nan", "-nan"].contains(token) { return token }
        let characters = Array(token)
        for (position, character) in characters.enumerated() where character == "_" {
            guard position > 0, position + 1 < characters.count,
                characters[position - 1].isHexDigit, characters[position + 1].isHexDigit
            else { return nil }
        }
        let plain = token.replacingOccurrences(of: "_", with: "")
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where plain.hasPrefix(prefix) {
            return UInt64(plain.dropFirst(2), radix: radix).map { String($0) }
        }
        guard plain.wholeMatch(of: /[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/) != nil, Double(plain) != nil else {
            return nil
        }
        return plain
    }
}
