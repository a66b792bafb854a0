import Testing

@testable import FootprintCore

/// The one character-counted cut (chart labels, values quoted in messages).
@Suite struct ClippedTextTests {
    @Test func clippedCountsCharactersAndMarksTheCut() {
        #expect(Format.clipped("short", to: 10) == "short")
        #expect(Format.clipped("exactly10!", to: 10) == "exactly10!")
        #expect(Format.clipped("fine-tune bert-large", to: 10) == "fine-tune…")
        // Grapheme clusters, not scalars: a family emoji is one character and is never split.
        #expect(Format.clipped("👩‍👩‍👧👩‍👩‍👧👩‍👩‍👧", to: 2) == "👩‍👩‍👧…")
    }
}
