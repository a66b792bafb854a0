import Foundation

/// Prints a value as pretty JSON with sorted keys, so output is stable and diffable.
enum JSONOutput {
    /// - Parameter oneLine: one line instead of indented output: `footprint run` shares stdout with
    ///   the command it runs, so its summary must be the last line, readable with `tail -n 1`.
    static func print<T: Encodable>(_ value: T, oneLine: Bool = false) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = oneLine ? [.sortedKeys, .withoutEscapingSlashes]
            : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(value)
            Swift.print(String(decoding: data, as: UTF8.self))
        } catch {
            throw CommandFailure(message: "cannot encode JSON output: \(error)")
        }
    }
}
