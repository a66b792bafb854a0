/// Whose energy a figure is: the whole machine's, or the tracked process tree's share.
public enum Scope: String, Sendable, Hashable, Codable, CaseIterable {
    case machine, process
}
