import Foundation

/// Prints a value as pretty JSON with sorted keys, so output is stable and diffable.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            let data = try encoder.encode(value)
            Swift.print(String(decoding: data, as: UTF8.self))
        } catch {
            throw CommandFailure(message: "cannot encode JSON output: \(error)")
        }
    }
}
