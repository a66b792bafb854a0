/// Fuzzy lookup of CPU model names like "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz" or
/// "AMD EPYC 7763 64-Core Processor" among the catalog's names.
///
/// `footprint run` looks one name up at start-up, so nothing is indexed ahead: a byte scan keeps
/// the names that contain one of the query's model numbers, and only those are tokenized.
struct CPUIndex: Sendable {
    private let names: [String]

    init(_ cpus: [CPUModel]) {
        names = cpus.map(\.name)
    }

    /// The CPU whose every name token appears in the query, preferring the most specific name.
    /// A name made only of family words ("AMD EPYC") matches nothing: it would guess the TDP.
    func match(_ query: String) -> Int? {
        let wanted = Set(Self.tokens(query))
        let models = wanted.filter(Self.isModelNumber)
        guard !models.isEmpty, models.count <= Self.mostModelNumbers else { return nil }
        let needles = models.map { Array($0.utf8) }
        var best: (position: Int, length: Int)?
        for (position, name) in names.enumerated() where needles.contains(where: { Self.contains(name, $0) }) {
            let words = Self.tokens(name)
            guard words.contains(where: models.contains), words.allSatisfy(wanted.contains) else { continue }
            let length = words.reduce(0) { $0 + $1.count }
            if let current = best, current.length >= length { continue }
            best = (position, length)
        }
        return best?.position
    }

    /// The closest names by shared tokens, for suggestions (a rare path: it tokenizes every name).
    func nearest(_ query: String, limit: Int) -> [Int] {
        let wanted = Set(Self.tokens(query))
        guard !wanted.isEmpty else { return [] }
        let scored = names.enumerated().map { position, name in
            (position, Self.tokens(name).filter(wanted.contains).count)
        }
        return scored.filter { $0.1 > 0 }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }.prefix(limit).map(\.0)
    }

    /// Whether `name` holds `needle` (lower-case ASCII), ignoring ASCII case.
    static func contains<S: StringProtocol>(_ name: S, _ needle: [UInt8]) -> Bool {
        let bytes = Array(name.utf8)
        guard needle.count <= bytes.count, let first = needle.first else { return false }
        let lower = { (b: UInt8) in b >= 65 && b <= 90 ? b + 32 : b }
        var i = 0
        while i + needle.count <= bytes.count {
            if lower(bytes[i]) == first {
                var j = 1
                while j < needle.count && lower(bytes[i + j]) == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// More model numbers than any processor's name holds ("Ryzen 9 7950X3D" has one): such a
    /// query is not a CPU name, and each would cost a scan of every name (3,000 of them took 17 s).
    static let mostModelNumbers = 8

    /// Vendor and filler words: "Xeon Gold 6148" names one chip as well as "Intel Xeon Gold 6148".
    static let noise: Set<String> = ["intel", "amd", "cpu", "processor", "with", "radeon", "graphics", "core"]

    /// Lower-case words of a model name, without trademark marks, clock speed, core counts and
    /// noise words. Works on bytes: the index tokenizes every catalog name at start-up, and
    /// Foundation's string searching made that the slowest part of `footprint run`.
    static func tokens(_ name: String) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        func flush() {
            var text = String(word)
            word.removeAll()
            // Trademark marks glued to a word: "xeon(r)" → "xeon".
            for mark in ["(r)", "(tm)"] { while text.hasSuffix(mark) { text.removeLast(mark.count) } }
            if text.isEmpty || noise.contains(text) || text.hasSuffix("-core") || text.hasSuffix("ghz") { return }
            words.append(text)
        }
        for scalar in name.unicodeScalars {
            switch scalar {
            case "@":
                flush()
                return words  // the clock speed follows
            case " ", ",", "/", "\t", "®", "™":
                flush()
            case "A"..."Z":
                word.append(Unicode.Scalar(scalar.value + 32) ?? scalar)
            default:
                word.append(scalar)
            }
        }
        flush()
        return words
    }

    /// A token that names a model rather than a family: it holds a digit ("8375c", "i7-8700", "v4").
    static func isModelNumber(_ token: String) -> Bool {
        token.count >= 3 && token.contains(where: \.isNumber)
    }
}
