/// Edit distance for "did you mean" suggestions.
enum ClosestMatch {
    /// The Levenshtein distance between two strings, by Unicode scalar.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// How far a suggestion may be from the query and still be worth showing.
    static func tolerance(for query: String) -> Int { max(2, query.count / 3) }

    /// The distance from `query` to `candidate` when the candidate is worth suggesting, else nil:
    /// within the query's tolerance, and sharing at least one character in place (a two-letter code
    /// is two edits from any other, which makes it no guess at all for "日本"). The length difference
    /// is a lower bound of the distance, so a query far longer than any name (100 kB pasted by
    /// mistake) is turned away without the quadratic comparison.
    static func suggestionDistance(_ query: String, _ candidate: String) -> Int? {
        let tolerance = tolerance(for: query)
        let queryLength = query.unicodeScalars.count, candidateLength = candidate.unicodeScalars.count
        guard abs(queryLength - candidateLength) <= tolerance else { return nil }
        let found = distance(query, candidate)
        guard found <= tolerance, found < max(queryLength, candidateLength) else { return nil }
        return found
    }
}
