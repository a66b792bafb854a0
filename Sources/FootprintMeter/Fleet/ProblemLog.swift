/// The problems of one interval, each logged once while it lasts: a GPU that stays lost, or a
/// `/proc` that stays unreadable, is one line when it starts, not one per second.
struct ProblemLog: Sendable {
    /// Keys of the problems under way, carried from one interval to the next.
    private(set) var ongoing: Set<String>
    /// Keys seen in this interval.
    private var current: Set<String> = []
    /// Lines to log for this interval: the problems that began in it.
    private(set) var lines: [String] = []

    init(ongoing: Set<String>) {
        self.ongoing = ongoing
    }

    /// Notes that the problem `key` holds in this interval; `line` is logged if it did not hold in the previous one.
    mutating func report(_ key: String, _ line: @autoclosure () -> String) {
        current.insert(key)
        if ongoing.insert(key).inserted { lines.append(line()) }
    }

    /// Ends the problems of `prefix` (a family of keys) that did not hold in this interval, so that
    /// they are logged again if they come back.
    mutating func settle(_ prefix: String) {
        ongoing = ongoing.filter { !$0.hasPrefix(prefix) || current.contains($0) }
    }
}
