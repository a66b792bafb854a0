import FootprintCore

/// `/api/projects/{name}`: a project's totals, by user, by host and by day, and its top runs
/// (each as `runs --json` prints a run).
public struct ProjectJSON: Encodable, Sendable {
    public struct Group: Encodable, Sendable {
        public var name: String
        public var runs: Int
        public var energyKWh, co2eKg: Double
        enum CodingKeys: String, CodingKey { case name, runs, energyKWh = "energy_kwh", co2eKg = "co2e_kg" }

        init(_ group: ProjectSummary.Group) {
            (name, runs) = (group.name, group.runs)
            (energyKWh, co2eKg) = (group.energy.kilowattHours, group.emissions.kilograms)
        }
    }

    public var project: String
    public var runs: Int
    public var energyKWh, co2eKg: Double
    public var firstStartedAt, lastStartedAt: String?
    public var byUser, byHost, byDay: [Group]
    public var topRuns: [RunJSON]

    public init(_ summary: ProjectSummary) {
        (project, runs) = (summary.project, summary.total.runs)
        (energyKWh, co2eKg) = (summary.total.energy.kilowattHours, summary.total.emissions.kilograms)
        firstStartedAt = summary.runs.first.map { Timestamp.iso8601UTC($0.startedAt) }
        lastStartedAt = summary.runs.last.map { Timestamp.iso8601UTC($0.startedAt) }
        byUser = summary.byUser.map(Group.init)
        byHost = summary.byHost.map(Group.init)
        byDay = summary.byDay.map(Group.init)
        topRuns = summary.topRuns.map { RunJSON($0) }
    }

    enum CodingKeys: String, CodingKey {
        case project, runs
        case energyKWh = "energy_kwh", co2eKg = "co2e_kg", firstStartedAt = "first_started_at"
        case lastStartedAt = "last_started_at", byUser = "by_user", byHost = "by_host", byDay = "by_day"
        case topRuns = "top_runs"
    }
}
