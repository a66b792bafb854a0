import Foundation

/// Prints a value as pretty JSON with sorted keys, so output is stable and diffable.
enum JSONOutput {
    /// - Parameter oneLine: one line instead of indented output: `footprint run` shares stdout with
    ///   the command it runs, so its summary must be the last line, readable with `tail -n 1`.
    static func print<T: Encodable>(_ value: T, oneLine: Bool = false) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            oneLine
            ? [.sortedKeys, .withoutEscapingSlashes]
            : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // JSON has no NaN or infinity: the encoder refuses them (its default), and the refusal
        // becomes a sentence naming the field instead of a Foundation dump. Nothing is printed.
        encoder.nonConformingFloatEncodingStrategy = .throw
        do {
            let data = try encoder.encode(value)
            Swift.print(String(decoding: data, as: UTF8.self))
        } catch EncodingError.invalidValue(let bad, let context) {
            let field = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            throw CommandFailure(
                message: "a result is not a finite number (\(bad) at \(field.isEmpty ? "the top level" : field)); "
                    + "no JSON printed: check that the inputs are in range")
        } catch {
            throw CommandFailure(message: "cannot encode JSON output: \(error)")
        }
    }
}
