/// Finds where a JSON text first breaks the grammar, as a line and column, for error messages:
/// Foundation's decoders say only that the data is not valid JSON (or give a byte offset, on some
/// platforms), which leaves the user searching a hand-written spec for a stray comma.
///
/// Only called after a decoder has refused the text, so it checks syntax and nothing else.
struct JSONSyntax {
    /// Where and what.
    struct Problem: Equatable {
        /// 1-based line.
        var line: Int
        /// 1-based column, counted in characters (UTF-8 sequences count once).
        var column: Int
        /// What was expected or found, e.g. "expected ',' or ']'".
        var message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    /// Whether a key given twice in one object is a problem. JSON leaves it undefined and
    /// Foundation keeps the last, so `"layers"` written twice would silently drop the first.
    private var refusesDuplicateKeys = false

    /// The first syntax problem in `text`, or nil if it is well formed.
    static func firstProblem(in text: [UInt8]) -> Problem? {
        var scanner = JSONSyntax(bytes: text)
        return scanner.scan()
    }

    /// The first key given twice in one object of a well-formed `text`, or nil.
    static func firstDuplicateKey(in text: [UInt8]) -> Problem? {
        var scanner = JSONSyntax(bytes: text)
        scanner.refusesDuplicateKeys = true
        return scanner.scan()
    }

    private mutating func scan() -> Problem? {
        do throws(Problem) {
            // A UTF-8 byte order mark is allowed before the value.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            try value(depth: 0)
            skipSpace()
            if index < bytes.count { throw problem("unexpected text after the end of the JSON value") }
            return nil
        } catch {
            return error
        }
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func value(depth: Int) throws(Problem) {
        // Deep nesting is not a spec; it would only exhaust the stack.
        guard depth < 512 else { throw problem("nested more than 512 levels deep") }
        skipSpace()
        guard let byte = current else { throw problem("unexpected end of the file: expected a value") }
        switch byte {
        case UInt8(ascii: "{"): try container(close: UInt8(ascii: "}"), depth: depth, keyed: true)
        case UInt8(ascii: "["): try container(close: UInt8(ascii: "]"), depth: depth, keyed: false)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: throw problem("expected a value (a number, string, array, object, true, false or null)")
        }
    }

    private mutating func container(close: UInt8, depth: Int, keyed: Bool) throws(Problem) {
        index += 1
        skipSpace()
        if current == close { index += 1; return }
        let closeText = keyed ? "'}'" : "']'"
        var keys = Set<ArraySlice<UInt8>>()
        while true {
            if keyed {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw problem("expected a key in double quotes") }
                let start = index
                try string()
                if refusesDuplicateKeys {
                    let key = bytes[(start + 1)..<(index - 1)]
                    guard keys.insert(key).inserted else {
                        index = start
                        throw problem(
                            "the key \"\(String(decoding: key, as: UTF8.self))\" appears twice in one object; keep one")
                    }
                }
                skipSpace()
                guard current == UInt8(ascii: ":") else { throw problem("expected ':' after the key") }
                index += 1
            }
            try value(depth: depth + 1)
            skipSpace()
            switch current {
            case UInt8(ascii: ","):
                index += 1
                skipSpace()
                if current == close { throw problem("trailing ',' before \(closeText)") }
            case close?:
                index += 1
                return
            case nil: throw problem("unexpected end of the file: expected ',' or \(closeText)")
            default: throw problem("expected ',' or \(closeText)")
            }
        }
    }

    private mutating func string() throws(Problem) {
        index += 1
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard let escaped = current, Array("\"\\/bfnrtu".utf8).contains(escaped) else {
                    throw problem("invalid escape in a string")
                }
                index += 1
            case 0..<0x20: throw problem("control character in a string (write \\n for a line break)")
            default: index += 1
            }
        }
        throw problem("unexpected end of the file: a string is not closed")
    }

    private mutating func number() throws(Problem) {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard digits() > 0 else { throw problem("expected digits in a number") }
        if current == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw problem("expected digits after the decimal point") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw problem("expected digits in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if let number = Double(text), !number.isFinite {
            index = start
            throw problem("the number \(text) is too large")
        }
    }

    private mutating func digits() -> Int {
        let start = index
        while let byte = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
        return index - start
    }

    private mutating func literal(_ word: String) throws(Problem) {
        for expected in word.utf8 {
            guard current == expected else { throw problem("expected \(word)") }
            index += 1
        }
    }

    /// The problem at the current position.
    private func problem(_ message: String) -> Problem {
        var line = 1, column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // continuation bytes of a UTF-8 sequence do not start a character
            }
        }
        return Problem(line: line, column: column, message: message)
    }
}

extension JSONSyntax.Problem: Error {}
