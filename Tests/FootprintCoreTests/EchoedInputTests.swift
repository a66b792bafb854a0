import Testing

@testable import FootprintCore

/// What a message repeats of a user's input: one line, no terminal control, never 100 kB long, and
/// guesses only where a name has something in common with what was typed.
@Suite struct EchoedInputTests {
    @Test func quotedEscapesControlCharactersAndCutsLongText() {
        #expect(Format.quoted("DE") == "'DE'")
        #expect(Format.quoted("a\nb\u{1B}[31m\t\u{202E}x") == "'a\\nb\\e[31m\\t\\u{202E}x'")
        #expect(Format.quoted("日本 👩‍👩‍👧") == "'日本 👩‍👩‍👧'")
        let long = Format.quoted(String(repeating: "a", count: 100_000))
        #expect(long == "'" + String(repeating: "a", count: 80) + "…' (100,000 characters)")
        #expect(Format.oneLine("The value '1\n2' is invalid") == "The value '1\\n2' is invalid")
    }

    /// A 100 kB name once took minutes (an edit distance to every one of 549 regions' names) and was
    /// repeated back whole.
    @Test func hugeNamesAreRefusedWithoutGuessesAndShortly() {
        let huge = String(repeating: "a", count: 100_000)
        #expect(GridCatalog.bundled.suggestions(for: huge).isEmpty)
        #expect(HardwareCatalog.bundled.suggestions(for: huge).isEmpty)
        #expect(UnknownRegion(query: huge, suggestions: []).description.count < 300)
        #expect(UnknownHardware(query: huge, suggestions: []).description.count < 300)
    }

    /// Every two-letter code is two edits from any two characters: "日本" once got AE, AF and AG.
    @Test(arguments: ["日本", ":", "x y z w"])
    func namesWithNothingInCommonGetNoGuesses(query: String) {
        #expect(GridCatalog.bundled.suggestions(for: query).isEmpty)
        #expect(HardwareCatalog.bundled.suggestions(for: query).isEmpty)
    }

    @Test func closeNamesStillGetTheirGuess() {
        #expect(GridCatalog.bundled.suggestions(for: "Germny").first?.code == "DE")
        #expect(GridCatalog.bundled.suggestions(for: "US-CAA").first?.code == "US-CA")
        #expect(HardwareCatalog.bundled.suggestions(for: "a100x").first?.contains("A100") == true)
    }
}

/// Where footprint keeps its data when the environment says little.
@Suite struct DataFolderTests {
    /// HOME unset once put every user's ledger in /tmp/.local/share/footprint; an empty one at /.
    @Test func anUnsetOrEmptyHomeFallsBackToThePasswordDatabase() {
        let home = Host.homeFolder(environment: [:])
        #expect(home.hasPrefix("/"))
        #expect(Host.homeFolder(environment: ["HOME": ""]) == home)
        #expect(Host.homeFolder(environment: ["HOME": "/home/ada"]) == "/home/ada")
        #expect(Host.dataFolder(environment: ["HOME": ""]) == home + "/.local/share/footprint")
    }

    /// A relative XDG folder is ignored, as the XDG Base Directory Specification says.
    @Test func relativeXDGFoldersAreIgnored() {
        #expect(
            Host.dataFolder(environment: ["HOME": "/home/ada", "XDG_DATA_HOME": "rel"])
                == "/home/ada/.local/share/footprint")
        #expect(Host.dataFolder(environment: ["HOME": "/home/ada", "XDG_DATA_HOME": "/data"]) == "/data/footprint")
        #expect(
            ConfigFile.paths(workingDirectory: "/w", environment: ["HOME": "/home/ada", "XDG_CONFIG_HOME": "rel"])
                == ["/w/footprint.toml", "/home/ada/.config/footprint/config.toml"])
    }
}
