import Foundation

/// A small reader of the YAML the deployment files are written in (block mappings and sequences,
/// plain and quoted scalars, one-line `[a, b]` and `{}`, comments, `---` between documents): enough
/// to check their fields without a YAML library. Anything else it refuses, naming the line.
enum MiniYAML {
    indirect enum Node: Equatable {
        case scalar(String)
        case list([Node])
        case map([String: Node])

        subscript(key: String) -> Node? {
            if case .map(let map) = self { map[key] } else { nil }
        }

        /// A path of keys.
        subscript(path: [String]) -> Node? {
            path.reduce(Optional(self)) { node, key in node?[key] }
        }

        var text: String? { if case .scalar(let text) = self { text } else { nil } }
        var items: [Node] { if case .list(let items) = self { items } else { [] } }
        var texts: [String] { items.compactMap(\.text) }
    }

    struct Refusal: Error, CustomStringConvertible {
        let description: String
    }

    /// The documents of a stream.
    static func documents(_ text: String) throws -> [Node] {
        var documents: [[Line]] = [[]]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if raw.hasPrefix("---") {
                documents.append([])
                continue
            }
            let content = try stripComment(String(raw), line: number + 1)
            let trimmed = content.drop { $0 == " " }
            guard !trimmed.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            guard !content.hasPrefix("\t") else { throw Refusal(description: "line \(number + 1): a tab indents") }
            documents[documents.count - 1].append(
                Line(
                    indent: content.count - trimmed.count, text: String(trimmed).trimmingCharacters(in: .whitespaces),
                    number: number + 1))
        }
        return try documents.filter { !$0.isEmpty }.map { lines in
            var parser = Parser(lines: lines)
            let node = try parser.block(indent: lines[0].indent)
            guard parser.index == lines.count else {
                throw Refusal(description: "line \(lines[parser.index].number): unexpected indentation")
            }
            return node
        }
    }

    struct Line {
        var indent: Int
        var text: String
        var number: Int
    }

    /// The line without a comment (`#` at its start or after a space, outside quotes).
    static func stripComment(_ line: String, line number: Int) throws -> String {
        var quote: Character?
        var previous: Character = " "
        for (offset, character) in line.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#" && (previous == " " || offset == 0) {
                return String(line.prefix(offset))
            }
            previous = character
        }
        return line
    }

    struct Parser {
        var lines: [Line]
        var index = 0

        mutating func block(indent: Int) throws -> Node {
            let line = lines[index]
            return line.text == "-" || line.text.hasPrefix("- ")
                ? try list(indent: line.indent) : try map(indent: line.indent)
        }

        mutating func list(indent: Int) throws -> Node {
            var items: [Node] = []
            while index < lines.count, lines[index].indent == indent,
                lines[index].text == "-" || lines[index].text.hasPrefix("- ")
            {
                let line = lines[index]
                let rest = line.text.dropFirst().drop { $0 == " " }
                if rest.isEmpty {
                    index += 1
                    guard index < lines.count, lines[index].indent > indent else {
                        items.append(.scalar(""))
                        continue
                    }
                    items.append(try block(indent: lines[index].indent))
                } else if MiniYAML.keyAndValue(String(rest)) != nil {
                    // `- key: value` starts a mapping whose other keys line up with `key`.
                    lines[index] = Line(
                        indent: line.indent + line.text.count - rest.count, text: String(rest), number: line.number)
                    items.append(try map(indent: lines[index].indent))
                } else {
                    items.append(try MiniYAML.value(String(rest), line: line.number))
                    index += 1
                }
            }
            return .list(items)
        }

        mutating func map(indent: Int) throws -> Node {
            var map: [String: Node] = [:]
            while index < lines.count, lines[index].indent == indent, !lines[index].text.hasPrefix("- ") {
                let line = lines[index]
                guard let (key, value) = MiniYAML.keyAndValue(line.text) else {
                    throw Refusal(description: "line \(line.number): no `key: value` in \(line.text)")
                }
                guard map[key] == nil else { throw Refusal(description: "line \(line.number): \(key) twice") }
                index += 1
                if !value.isEmpty {
                    map[key] = try MiniYAML.value(value, line: line.number)
                } else if index < lines.count,
                    lines[index].indent > indent || (lines[index].indent == indent && lines[index].text.hasPrefix("- "))
                {
                    map[key] = try block(indent: lines[index].indent)
                } else {
                    map[key] = .scalar("")
                }
            }
            if index < lines.count, lines[index].indent > indent {
                throw Refusal(description: "line \(lines[index].number): unexpected indentation")
            }
            return .map(map)
        }
    }

    /// `key: value` (or `key:`), the key unquoted; nil when the text is no mapping entry.
    static func keyAndValue(_ text: String) -> (String, String)? {
        var quote: Character?
        let characters = Array(text)
        for (offset, character) in characters.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            if character == "\"" || character == "'" {
                if offset == 0 { quote = character }
                continue
            }
            if character == ":" && (offset + 1 == characters.count || characters[offset + 1] == " ") {
                let key = String(characters[..<offset]).trimmingCharacters(in: .whitespaces)
                let value = String(characters[(offset + 1)...]).trimmingCharacters(in: .whitespaces)
                guard !key.isEmpty, !key.hasPrefix("["), !key.hasPrefix("{") else { return nil }
                return (unquoted(key), value)
            }
        }
        return nil
    }

    static func value(_ text: String, line: Int) throws -> Node {
        if text == "{}" { return .map([:]) }
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { throw Refusal(description: "line \(line): an unclosed [") }
            let inside = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
            if inside.isEmpty { return .list([]) }
            return .list(splitFlow(inside).map { .scalar(unquoted($0.trimmingCharacters(in: .whitespaces))) })
        }
        if text.hasPrefix("{") || text.hasPrefix("|") || text.hasPrefix(">") || text.hasPrefix("&")
            || text.hasPrefix("*") || text.hasPrefix("!")
        {
            throw Refusal(description: "line \(line): \(text.prefix(1)) is more YAML than this reader knows")
        }
        return .scalar(unquoted(text))
    }

    /// The items of a one-line flow sequence, commas inside quotes kept.
    static func splitFlow(_ text: String) -> [String] {
        var items: [String] = [], current = "", quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "," {
                items.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        items.append(current)
        return items
    }

    static func unquoted(_ text: String) -> String {
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") {
            return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
        var result = "", escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                result.append(character == "n" ? "\n" : character == "t" ? "\t" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
