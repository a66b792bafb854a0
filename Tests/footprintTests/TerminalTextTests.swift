import Testing

@testable import footprint

/// User-supplied text on a terminal: control characters shown, not obeyed; width in columns.
@Suite struct TerminalTextTests {
    @Test func controlCharactersBecomeVisibleEscapes() {
        #expect(Terminal.sanitized("evil\u{1B}[31mRED\u{1B}[0m\nsecond line") == "evil\\e[31mRED\\e[0m\\nsecond line")
        #expect(Terminal.sanitized("a\tb\rc\u{7F}\u{9B}\u{202E}d") == "a\\tb\\rc\\x7F\\x9B\\u{202E}d")
        #expect(Terminal.sanitized("plain 訓練 🚀") == "plain 訓練 🚀")
        #expect(Terminal.sanitizedLines("one\u{1B}\ntwo") == "one\\e\ntwo")
    }

    @Test func widthCountsTerminalColumns() {
        #expect(Terminal.width("abc") == 3)
        #expect(Terminal.width("訓練モデル") == 10)
        #expect(Terminal.width("🚀") == 2)
        #expect(Terminal.width("❤️") == 2, "an emoji asked for with VS16")
        #expect(Terminal.width("e\u{301}") == 1, "a combining accent takes no column")
        #expect(Terminal.width("한국어") == 6)
        #expect(Terminal.width("ｆｕｌｌ") == 8)
    }

    @Test func clipCutsByColumnsAndPadsToThem() {
        #expect(Terminal.clip("訓練モデル", 6) == "訓練…")
        #expect(Terminal.width(Terminal.clip("訓練モデル", 6)) <= 6)
        #expect(Terminal.clip("short", 10) == "short")
        #expect(Terminal.pad("訓練", to: 6) == "訓練  ")
    }

    @Test func tableColumnsAlignWhateverTheNames() {
        var table = TextTable(["name", "energy"])
        table.add(["訓練モデル 🚀", "1 J"])
        table.add(["evil\u{1B}[31m\nx", "2 J"])
        table.add(["plain", "3 J"])
        let lines = table.render().split(separator: "\n").map(String.init)
        #expect(lines.count == 5, "a newline in a cell does not start a row")
        #expect(!lines.joined().contains("\u{1B}"))
        let columns = lines.dropFirst(2).map { line in Terminal.width(String(line.prefix { $0 != "J" })) }
        #expect(Set(columns).count == 1, "\(lines)")
    }
}
