/// Which task names are epochs: a glob in which `*` stands for any run of characters (none
/// included), compared without regard to case. The default, `epoch *`, takes `epoch 1`,
/// `Epoch 12` and `epoch 3/10`.
public struct EpochTaskPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as given.
    public let text: String
    /// Lowercased characters, matched one by one.
    private let characters: [Character]

    /// The pattern `footprint run --epochs` uses unless told otherwise.
    public static let standard = EpochTaskPattern(unchecked: "epoch *")

    /// The longest pattern taken, in characters: a task line is at most 4 KiB, and matching time
    /// grows with the pattern's length times the name's.
    public static let longest = 200

    /// The subject the errors name, for a front end to replace with its own flag.
    public static let subject = "the epoch task pattern"

    /// - Throws: ``InvalidInput`` (`.outOfBounds`) for an empty (or all-blank) pattern, or one
    ///   longer than ``longest`` characters.
    public init(_ text: String) throws(InvalidInput) {
        guard !text.allSatisfy(\.isWhitespace) else {
            throw InvalidInput(
                .outOfBounds, subject: Self.subject, "is empty; give a task name with * for the epoch's number")
        }
        guard text.count <= Self.longest else {
            throw InvalidInput(
                .outOfBounds, subject: Self.subject, "must be at most \(Self.longest) characters; got \(text.count)")
        }
        self.init(unchecked: text)
    }

    private init(unchecked text: String) {
        self.text = text
        characters = Array(text.lowercased())
    }

    public var description: String { text }

    /// Whether `name` is an epoch's task. A task name is trimmed of blanks as the task channel reads
    /// it, so the pattern's own outer blanks are not asked for.
    public func matches(_ name: String) -> Bool {
        let pattern = characters.trimmedOfBlanks
        let name = Array(name.lowercased()).trimmedOfBlanks
        // The classic two-pointer glob match: on a mismatch, go back to the last `*` and let it take
        // one more character. Linear in practice, at worst pattern × name.
        var p = 0, n = 0
        var star: Int?, resume = 0
        while n < name.count {
            if p < pattern.count, pattern[p] != "*", pattern[p] == name[n] {
                p += 1
                n += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = n
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                n = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}

extension Array where Element == Character {
    fileprivate var trimmedOfBlanks: [Character] {
        let first = firstIndex { !$0.isWhitespace } ?? endIndex
        let last = lastIndex { !$0.isWhitespace }.map { $0 + 1 } ?? first
        return Array(self[first..<Swift.max(first, last)])
    }
}
