import FootprintCore

/// A project's runs summed the ways a team looks at them: in all, by user, by host, by day (UTC),
/// and its runs that used the most energy. The dashboard's project page and `/api/projects/{name}`.
public struct ProjectSummary: Sendable {
    /// One group's runs: how many, and their energy at the facility and CO2e.
    public struct Group: Sendable, Hashable {
        public var name: String
        public var runs: Int
        public var energy: Energy
        public var emissions: CarbonMass
    }

    public var project: String
    public var total: Group
    /// By the account that recorded each run, the most energy first; runs without one under "unknown".
    public var byUser: [Group]
    /// By host, the most energy first.
    public var byHost: [Group]
    /// By the UTC day each run started, oldest first; `name` is the day as YYYY-MM-DD.
    public var byDay: [Group]
    /// The runs that used the most energy, the most first.
    public var topRuns: [RunRecord]
    /// The runs oldest first.
    public var runs: [RunRecord]

    /// The label of runs recorded without a user (imported, or older than the ledger's user column).
    public static let unknownUser = "unknown"

    public init(project: String, runs: [RunRecord], top: Int = 10) {
        self.project = project
        self.runs = runs.sorted { $0.startedAt < $1.startedAt }
        total = Self.group(project, self.runs)
        byUser = Self.groups(self.runs) { $0.user ?? Self.unknownUser }.sorted { $0.energy > $1.energy }
        byHost = Self.groups(self.runs) { $0.host }.sorted { $0.energy > $1.energy }
        byDay = Self.groups(self.runs) { String(Timestamp.iso8601UTC($0.startedAt).prefix(10)) }
            .sorted { $0.name < $1.name }
        topRuns = Array(self.runs.sorted { $0.energy > $1.energy }.prefix(top))
    }

    static func group(_ name: String, _ runs: [RunRecord]) -> Group {
        Group(
            name: name, runs: runs.count, energy: runs.reduce(.zero) { $0 + $1.energy },
            emissions: runs.reduce(.zero) { $0 + $1.emissions })
    }

    static func groups(_ runs: [RunRecord], by key: (RunRecord) -> String) -> [Group] {
        Dictionary(grouping: runs, by: key).map { group($0.key, $0.value) }
    }
}
