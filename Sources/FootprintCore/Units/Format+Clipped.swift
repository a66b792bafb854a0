extension Format {
    /// `text` cut to at most `characters` characters (grapheme clusters), the last of them "…" where
    /// it was cut: for labels whose room is counted in characters, such as a chart's axis labels in a
    /// proportional font or a value quoted in a message. A terminal counts columns instead, and wide
    /// characters take two; the CLI's `Terminal.clip` measures those and is kept apart for that reason.
    public static func clipped(_ text: String, to characters: Int) -> String {
        text.count <= characters ? text : String(text.prefix(max(characters - 1, 0))) + "…"
    }
}
