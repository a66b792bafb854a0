import Foundation

/// A parsed JSON value that keeps numbers and booleans apart (Foundation's JSONSerialization
/// bridges both to NSNumber on Linux, so `1` and `true` look alike).
public enum JSONValue: Decodable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// The value as it stands in the file, shortened past 40 characters, for error messages
    /// ("got 1.5", "got \"relu6\"").
    public var quoted: String {
        Format.clipped(rendered, to: 40)
    }

    private var rendered: String {
        switch self {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number):
            number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        case .string(let text): "\"" + text + "\""
        case .array(let items): "[" + items.map(\.rendered).joined(separator: ", ") + "]"
        case .object(let fields):
            "{" + fields.keys.sorted().map { "\"\($0)\": " + (fields[$0]?.rendered ?? "") }.joined(separator: ", ")
                + "}"
        }
    }

    /// A short description of the value's kind, for error messages.
    public var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue {
    /// Parses a JSON document, with syntax errors that give the line and column and a key given
    /// twice in one object refused (JSON leaves it undefined; Foundation keeps the last silently).
    /// - Throws: ``ModelSpecError`` with reason ``ModelSpecError/Reason/syntax``.
    public static func document(_ data: Data) throws(ModelSpecError) -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            if let problem = JSONSyntax.firstProblem(in: Array(data)) {
                throw ModelSpecError(
                    "not valid JSON: line \(problem.line), column \(problem.column): \(problem.message)",
                    reason: .syntax)
            }
            throw ModelSpecError("not valid JSON: \(error)", reason: .syntax)
        }
        if let duplicate = JSONSyntax.firstDuplicateKey(in: Array(data)) {
            throw ModelSpecError(
                "line \(duplicate.line), column \(duplicate.column): \(duplicate.message)", reason: .syntax)
        }
        return value
    }
}
