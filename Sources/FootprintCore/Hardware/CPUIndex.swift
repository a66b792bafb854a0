import Foundation

/// Token index over CPU model names for fuzzy lookup of names like
/// "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz" or "AMD EPYC 7763 64-Core Processor".
struct CPUIndex: Sendable {
    private let tokens: [[String]]
    private let byToken: [String: [Int]]

    init(_ cpus: [CPUModel]) {
        let tokens = cpus.map { Self.tokens($0.name) }
        var byToken: [String: [Int]] = [:]
        for (position, words) in tokens.enumerated() {
            for word in Set(words) { byToken[word, default: []].append(position) }
        }
        self.tokens = tokens
        self.byToken = byToken
    }

    /// The CPU whose every name token appears in the query, preferring the most specific name.
    /// A name made only of family words ("AMD EPYC") matches nothing: it would guess the TDP.
    func match(_ query: String) -> Int? {
        let wanted = Set(Self.tokens(query))
        guard wanted.contains(where: Self.isModelNumber) else { return nil }
        var best: (position: Int, length: Int)?
        for word in wanted where Self.isModelNumber(word) {
            for position in byToken[word] ?? [] {
                let words = tokens[position]
                guard words.allSatisfy(wanted.contains) else { continue }
                let length = words.reduce(0) { $0 + $1.count }
                if let current = best, current.length >= length { continue }
                best = (position, length)
            }
        }
        return best?.position
    }

    /// The closest names by token overlap, for suggestions.
    func nearest(_ query: String, limit: Int) -> [Int] {
        let wanted = Set(Self.tokens(query))
        var counts: [Int: Int] = [:]
        for word in wanted { for position in byToken[word] ?? [] { counts[position, default: 0] += 1 } }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(limit).map(\.key)
    }

    static func tokens(_ name: String) -> [String] {
        var text = name.lowercased()
        for mark in ["(r)", "(tm)", "®", "™"] { text = text.replacingOccurrences(of: mark, with: " ") }
        if let at = text.firstIndex(of: "@") { text = String(text[..<at]) }
        // Vendor words are optional: "Xeon Gold 6148" names one chip as well as "Intel Xeon Gold 6148".
        let noise: Set<String> = ["intel", "amd", "cpu", "processor", "with", "radeon", "graphics", "core", "-core"]
        return text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "/" })
            .map { String($0) }
            .filter { !noise.contains($0) && !$0.hasSuffix("-core") && !$0.hasSuffix("ghz") }
    }

    /// A token that names a model rather than a family: it holds a digit ("8375c", "i7-8700", "v4").
    static func isModelNumber(_ token: String) -> Bool {
        token.count >= 3 && token.contains(where: \.isNumber)
    }
}
