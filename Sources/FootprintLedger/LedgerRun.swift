import FootprintCore
import Foundation
import GRDB

/// A run as the ledger keeps it, with its totals.
public struct LedgerRun: Sendable, Hashable {
    public var id: String
    /// "footprint", or "codecarbon" for an imported row.
    public var source: String
    public var project: String?
    public var name: String
    public var command: [String]
    public var host: String
    public var pid: Int32?
    /// Seconds since 1970.
    public var startedAt: Double
    public var intervalSeconds: Double?
    public var scope: String
    public var locationCode: String?
    public var locationName: String?
    public var intensity: GridIntensity
    public var intensitySource: String?
    public var pue: Double
    public var pueSource: String?
    public var cpuModel: String?
    public var cpuPowerModel: String?
    public var gpus: [String]
    public var status: RunStatus
    public var exitCode: Int32?
    public var duration: Double
    /// IT energy in the run's scope, by component.
    public var components: [Component: Energy]
    public var methods: [Component: String]
    /// Facility energy.
    public var energy: Energy
    public var emissions: CarbonMass
    public var notes: [String]
    /// Columns kept from an import that footprint has no field for (JSON object text).
    public var extra: String?
    /// What the run saw of its machine; nil for runs recorded before the ledger kept it, imported
    /// runs and interrupted ones.
    public var machine: MachineUsage?

    /// Creates a run record (the ledger reads them; tests and imports build them).
    public init(id: String, source: String, project: String?, name: String, command: [String], host: String, pid: Int32?, startedAt: Double, intervalSeconds: Double?, scope: String, locationCode: String?, locationName: String?, intensity: GridIntensity, intensitySource: String?, pue: Double, pueSource: String?, cpuModel: String?, cpuPowerModel: String?, gpus: [String], status: RunStatus, exitCode: Int32?, duration: Double, components: [Component: Energy], methods: [Component: String], energy: Energy, emissions: CarbonMass, notes: [String], extra: String?, machine: MachineUsage? = nil) {
        self.machine = machine
        self.id = id
        self.source = source
        self.project = project
        self.name = name
        self.command = command
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.intervalSeconds = intervalSeconds
        self.scope = scope
        self.locationCode = locationCode
        self.locationName = locationName
        self.intensity = intensity
        self.intensitySource = intensitySource
        self.pue = pue
        self.pueSource = pueSource
        self.cpuModel = cpuModel
        self.cpuPowerModel = cpuPowerModel
        self.gpus = gpus
        self.status = status
        self.exitCode = exitCode
        self.duration = duration
        self.components = components
        self.methods = methods
        self.energy = energy
        self.emissions = emissions
        self.notes = notes
        self.extra = extra
    }

    /// When the run ended, seconds since 1970.
    public var endedAt: Double { startedAt + duration }
}

extension Ledger {
    /// Runs, newest first, optionally of one project and since a time (seconds since 1970).
    public func runs(project: String? = nil, since: Double? = nil) throws(LedgerError) -> [LedgerRun] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let project { conditions.append("project = ?"); arguments += [project] }
        if let since { conditions.append("started_at >= ?"); arguments += [since] }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run \(filter) ORDER BY started_at DESC", arguments: arguments)
                .map { try self.decode($0, db) }
        }
    }

    /// One run by id or a unique prefix of it.
    /// - Throws: ``LedgerError`` when nothing or several runs match.
    public func run(_ idOrPrefix: String) throws(LedgerError) -> LedgerRun {
        let matches = try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM run WHERE id = ? OR id LIKE ? ESCAPE '\\' ORDER BY started_at DESC LIMIT 5",
                             arguments: [idOrPrefix, Self.likePrefix(idOrPrefix)])
                .map { try self.decode($0, db) }
        }
        if let exact = matches.first(where: { $0.id == idOrPrefix }) { return exact }
        switch matches.count {
        case 1: return matches[0]
        case 0: throw LedgerError("no run '\(idOrPrefix)' in \(path); `footprint runs` lists them")
        default:
            throw LedgerError("'\(idOrPrefix)' matches several runs (\(matches.map(\.id).joined(separator: ", "))); give more of the id")
        }
    }

    /// A run's samples in time order.
    public func samples(of runID: String) throws(LedgerError) -> [SampleRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sample WHERE run_id = ? ORDER BY t", arguments: [runID]).map { row in
                SampleRecord(t: row["t"], duration: row["dt"], cpuJoules: row["cpu_j"], cpuProcessJoules: row["cpu_process_j"],
                             gpuJoules: row["gpu_j"], gpuProcessJoules: row["gpu_process_j"], ramJoules: row["ram_j"],
                             ramProcessJoules: row["ram_process_j"], cpuUtilization: row["cpu_utilization"],
                             processCPUShare: row["process_cpu_share"])
            }
        }
    }

    /// A run's tasks in start order.
    public func tasks(of runID: String) throws(LedgerError) -> [TaskRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM task WHERE run_id = ? ORDER BY start_s", arguments: [runID]).map { row in
                TaskRecord(name: row["name"], start: row["start_s"], end: row["end_s"], cpuJoules: row["cpu_j"],
                           gpuJoules: row["gpu_j"], ramJoules: row["ram_j"])
            }
        }
    }

    /// Deletes runs with their samples and tasks; returns how many went.
    @discardableResult
    public func delete(_ ids: [String]) throws(LedgerError) -> Int {
        do {
            return try database.write { db in
                try ids.reduce(0) { count, id in
                    try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [id])
                    return count + db.changesCount
                }
            }
        } catch {
            throw LedgerError("cannot delete from \(path): \(error)")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try database.read(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError("cannot read the ledger \(path): \(error)")
        }
    }

    static func likePrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    /// A row as a run. A run still marked running gets its totals from its samples, and is
    /// interrupted when its recording process on this host is gone.
    func decode(_ row: Row, _ db: Database) throws -> LedgerRun {
        let id: String = row["id"]
        var status = RunStatus(rawValue: row["status"]) ?? .interrupted
        let host: String = row["host"]
        let pid: Int32? = row["pid"]
        let scope: String = row["scope"]
        let pue: Double = row["pue"]
        let intensity = GridIntensity.gramsPerKilowattHour(row["intensity_g_per_kwh"])
        var components: [Component: Energy] = [:]
        var duration: Double = row["duration_s"] ?? 0
        var energy = Energy.joules(row["energy_j"] ?? 0)
        var emissions = CarbonMass.grams(row["co2e_g"] ?? 0)
        var methods: [Component: String] = [:]
        for c in Component.allCases {
            methods[c] = row["\(c.rawValue)_method"] ?? ""
            components[c] = .joules(row["\(c.rawValue)_j"] ?? 0)
        }
        if status == .running {
            if host == Host.name(), let pid, !Self.isAlive(pid) { status = .interrupted }
            let suffix = scope == "machine" ? "" : "_process"
            if let totals = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(cpu\(suffix)_j), 0) AS cpu, COALESCE(SUM(gpu\(suffix)_j), 0) AS gpu,
                       COALESCE(SUM(ram\(suffix)_j), 0) AS ram, COALESCE(MAX(t), 0) AS t FROM sample WHERE run_id = ?
                """, arguments: [id]) {
                components = [.cpu: .joules(totals["cpu"]), .gpu: .joules(totals["gpu"]), .ram: .joules(totals["ram"])]
                duration = totals["t"]
                energy = components.values.reduce(Energy.zero, +) * pue
                emissions = intensity.emissions(for: energy)
            }
        }
        return LedgerRun(
            id: id, source: row["source"], project: row["project"], name: row["name"],
            command: JSONText.decode(row["command"]), host: host, pid: pid, startedAt: row["started_at"],
            intervalSeconds: row["interval_s"], scope: scope, locationCode: row["location_code"],
            locationName: row["location_name"], intensity: intensity, intensitySource: row["intensity_source"], pue: pue,
            pueSource: row["pue_source"], cpuModel: row["cpu_model"], cpuPowerModel: row["cpu_power_model"],
            gpus: JSONText.decode(row["gpus"]), status: status, exitCode: row["exit_code"], duration: duration,
            components: components, methods: methods, energy: energy, emissions: emissions,
            notes: JSONText.decode(row["notes"]), extra: row["extra"], machine: Self.machineUsage(row))
    }

    /// The machine facts of a run that ended with them.
    static func machineUsage(_ row: Row) -> MachineUsage? {
        guard let cpus: Int = row["logical_cpus"], let memory: Int64 = row["memory_total_bytes"],
              let used: Double = row["mean_memory_used_bytes"], let utilization: Double = row["mean_cpu_utilization"],
              let os: String = row["operating_system"] else { return nil }
        return MachineUsage(logicalCPUs: cpus, memoryTotalBytes: UInt64(max(memory, 0)), meanMemoryUsedBytes: used,
                            meanCPUUtilization: utilization, meanGPUUtilization: row["mean_gpu_utilization_percent"],
                            operatingSystem: os)
    }

    /// Alive and not a zombie.
    static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
        return state != "Z" && state != "X"
    }
}
