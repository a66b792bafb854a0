/// Deterministic mutations of seed inputs, for the short fuzz pass of every parser in the tests:
/// the same inputs on every run and machine. The long, coverage-guided runs are libFuzzer's, in
/// Benchmarks/fuzz; this pass keeps what they found from coming back.
package struct SeededInputs: Sequence, IteratorProtocol {
    private var generator: SplitMix64
    private var remaining: Int
    private let seeds: [[UInt8]]
    private let tokens: [[UInt8]]
    private var last: [UInt8] = []

    /// Values that have broken parsers before: numbers past every integer type, signs, exponents,
    /// separators, quotes, NUL, invalid UTF-8.
    package static let hostile: [String] = [
        "18446744073709551615", "18446744073709551616", "9223372036854775808", "99999999999999999999999",
        "18014398509481984", "-1", "-0", "0", "1e308", "1e-320", "nan", "inf", "-inf", "0x10", "1_000",
        "\n", "\r\n", "\t", " ", "\0", "\"", "'", "#", "=", ":", ",", "(", ")", "[", "]", "{", "}", "\\",
        "\u{FEFF}", "é", "😀", "\u{301}"
    ]

    /// `count` inputs from `seeds`, each one to four mutations of a seed or of the input before it.
    package init(seeds: [String], count: Int, seed: UInt64 = 1, tokens: [String] = []) {
        self.init(byteSeeds: seeds.map { Array($0.utf8) }, count: count, seed: seed, tokens: tokens)
    }

    /// The same from seeds that are not text (a binary file format), kept byte for byte.
    package init(byteSeeds seeds: [[UInt8]], count: Int, seed: UInt64 = 1, tokens: [String] = []) {
        generator = SplitMix64(state: seed)
        remaining = count
        self.seeds = seeds.isEmpty ? [[]] : seeds
        self.tokens = (Self.hostile + tokens).map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80]]
    }

    package mutating func next() -> [UInt8]? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        var input = random(3) == 0 && !last.isEmpty ? last : seeds[random(seeds.count)]
        for _ in 0...random(4) { mutate(&input) }
        // Now and then a long one: lines and values far past anything real.
        if random(64) == 0, !input.isEmpty {
            let at = random(input.count)
            input.insert(contentsOf: repeatElement(input[at], count: 10_000 + random(60_000)), at: at)
        }
        last = input.count < 10_000 ? input : []
        return input
    }

    private mutating func mutate(_ input: inout [UInt8]) {
        let at = input.isEmpty ? 0 : random(input.count + 1)
        switch random(7) {
        case 0 where !input.isEmpty:  // flip a byte
            input[Swift.min(at, input.count - 1)] ^= UInt8(truncatingIfNeeded: 1 << random(8))
        case 1:  // a random byte
            input.insert(UInt8(truncatingIfNeeded: random(256)), at: at)
        case 2 where !input.isEmpty:  // cut a stretch out
            let end = Swift.min(input.count, at + 1 + random(16))
            input.removeSubrange(Swift.min(at, input.count - 1)..<end)
        case 3 where !input.isEmpty:  // repeat a stretch
            let start = Swift.min(at, input.count - 1)
            let stretch = input[start..<Swift.min(input.count, start + 1 + random(32))]
            input.insert(contentsOf: Array(stretch), at: start)
        case 4:  // graft part of another seed
            let other = seeds[random(seeds.count)]
            guard !other.isEmpty else { return }
            let start = random(other.count)
            input.insert(contentsOf: other[start..<Swift.min(other.count, start + 1 + random(64))], at: at)
        case 5 where !input.isEmpty:  // truncate
            input.removeSubrange(Swift.min(at, input.count - 1)...)
        default:  // a hostile token, often in place of a number
            let token = tokens[random(tokens.count)]
            if let digits = input.indices.filter({ input[$0] >= 0x30 && input[$0] <= 0x39 }).randomElement(
                using: &generator)
            {
                var end = digits
                while end < input.count, input[end] >= 0x30 && input[end] <= 0x39 { end += 1 }
                var start = digits
                while start > 0, input[start - 1] >= 0x30 && input[start - 1] <= 0x39 { start -= 1 }
                input.replaceSubrange(start..<end, with: token)
            } else {
                input.insert(contentsOf: token, at: at)
            }
        }
    }

    private mutating func random(_ bound: Int) -> Int {
        bound <= 1 ? 0 : Int(generator.next() % UInt64(bound))
    }
}

/// SplitMix64: small, fast, and the same everywhere.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
