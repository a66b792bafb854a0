import FootprintCore
import Foundation
import Testing

@Suite struct JSONStringLiteralTests {
    @Test(arguments: [
        "plain", "quote \" and backslash \\", "line\nbreak\r\ttab", "bell \u{7} escape \u{1B}[31m", "日本 🌍", ""
    ])
    func readsBackAsTheSameString(_ value: String) throws {
        // Whatever a run name holds, the hand-built literal is JSON that decodes to it.
        let literal = JSONStringLiteral.quoted(value)
        let decoded = try JSONDecoder().decode(String.self, from: Data(literal.utf8))
        #expect(decoded == value)
        #expect(!literal.unicodeScalars.contains { $0.value < 0x20 })
    }
}
