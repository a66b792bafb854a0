import Foundation
import Testing

/// Input a hostile tester types: control characters, huge values. Each is one line of error that
/// cannot drive the terminal, with the right exit code, and nothing run or recorded.
@Suite struct HostileInputTests {
    @Test(arguments: [
        (["run", "--region", "\u{1B}[31mred\nsecond line", "--", "true"], 2, "unknown region '\\u{1B}[31mred\\nsecond line'"),
        (["run", "--pue", "\u{1B}[2Jgoogle", "--", "true"], 2, "--pue '\\u{1B}[2Jgoogle' is neither"),
        (["run", "--interval", "1\n2", "--", "true"], 2, "The value '1\\n2' is invalid"),
        (["run", "--", "no\nsuch\u{1B}[31m"], 127, "cannot run 'no\\nsuch\\u{1B}[31m': command not found"),
        (["hardware", "show", "a\u{202E}b"], 2, "unknown hardware 'a\\u{202E}b'"),
        (["run", "--region", String(repeating: "a", count: 100_000), "--", "true"], 2, "…' (100,000 characters). Run"),
    ])
    func controlCharactersAndHugeValuesAreEscapedOnOneLine(arguments: [String], status: Int32, message: String) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(result.stderr.count < 400)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
