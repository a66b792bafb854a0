import Testing

@testable import FootprintCore

/// The configuration files read as TOML reads them: what TOML allows works, what it forbids (or
/// what no key takes) is an error naming the file and line, never a silently different value.
@Suite struct ConfigFileSyntaxTests {
    func values(_ text: String) throws -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: try ConfigFile.parse(text, path: "./footprint.toml").map { ($0.key, $0.value) })
    }

    func error(_ text: String) -> String {
        do {
            _ = try ConfigFile.parse(text, path: "./footprint.toml")
            return ""
        } catch {
            return error.message
        }
    }

    @Test func whatTOMLAllowsIsRead() throws {
        // CRLF line ends and a byte-order mark once made every file from a Windows editor an error.
        #expect(try values("\u{FEFF}pue = 1.2\r\ncountry = \"FR\"\r\n") == ["pue": "1.2", "country": "FR"])
        #expect(try values("project = \"a\\\"#b\\u00e9\" # comment\n") == ["project": "a\"#bé"])
        #expect(try values("project = 'C:\\path'\n") == ["project": "C:\\path"])
        #expect(try values("\"pue\" = 1.2\n'interval' = 0.5\n") == ["pue": "1.2", "interval": "0.5"])
        #expect(
            try values("intensity = +1_000\ncpu_tdp = 0x10\ninterval = 1e-1\n")
                == ["intensity": "+1000", "cpu_tdp": "16", "interval": "1e-1"])
        #expect(try values("[footprint] # settings\npue = \"google\"\n") == ["pue": "google"])
    }

    @Test(arguments: [
        // Trailing text after a string was read as part of it ("a\"b") or called "unterminated".
        ("pue = \"a\"b\"\n", "./footprint.toml:1: unexpected 'b\"' after the value (a comment starts with #)"),
        ("pue = \"google\" extra\n", "./footprint.toml:1: unexpected 'extra' after the value"),
        ("pue = \"\"\"1.2\"\"\"\n", "./footprint.toml:1: multi-line strings are not taken here"),
        ("project = \"\\q\"\n", "./footprint.toml:1: unknown escape \\q in a string"),
        ("project = \"a\u{1}b\"\n", "./footprint.toml:1: a control character (\\x01) inside a string"),
        // Types no key takes were accepted: project = true recorded the project "true".
        ("project = true\n", "./footprint.toml:1: project takes text in quotes, not true or false"),
        ("project = 5\n", "./footprint.toml:1: project takes text in quotes, e.g. project = \"5\", not a number"),
        ("pue = false\n", "./footprint.toml:1: pue takes a number or a preset's name in quotes, not true or false"),
        ("project = \"  \"\n", "./footprint.toml:1: project is empty; give it a value or delete the line"),
        ("data_dir = \"\"\n", "./footprint.toml:1: data_dir is empty"),
        // Numbers TOML forbids.
        ("interval = _1\n", "./footprint.toml:1: '_1' is not a string, number or boolean"),
        ("interval = 1__0\n", "./footprint.toml:1: '1__0' is not"),
        ("interval = .5\n", "./footprint.toml:1: '.5' is not"),
        ("interval = 0x1p3\n", "./footprint.toml:1: '0x1p3' is not"),
        ("pue =\n", "./footprint.toml:1: the value is missing after ="),
        ("= 5\n", "./footprint.toml:1: a key is missing before =")
    ])
    func whatTOMLForbidsIsAnErrorAtItsLine(text: String, message: String) {
        let found = error(text)
        #expect(found.hasPrefix(message), "\(found)")
        #expect(!found.contains("\n"))
    }
}
