import FootprintCore
import Foundation

/// The JSON of one live run's file, `RUNID.json` in the live run registry:
///
/// ```json
/// {"version": 1, "run_id": "…", "name": "train", "project": null, "pid": 4242, "pid_start": 81234,
///  "started_at": 1.7e9, "scope": "process", "job": null, "updated_at": 1.7e9,
///  "tasks": [{"task": "", "energy": {"cpu": {"joules": 12.5, "method": "measured:rapl"}}}]}
/// ```
///
/// Readers skip a file of another `version` rather than misread it.
struct LiveRunFile: Codable, Sendable, Hashable {
    struct Series: Codable, Sendable, Hashable {
        var joules: Double
        var method: MeasurementMethod
    }

    struct Task: Codable, Sendable, Hashable {
        var task: String
        /// By component name (`cpu`, `gpu`, `ram`).
        var energy: [String: Series]
    }

    /// The format this code writes and reads.
    static let currentVersion = 1

    var version: Int
    var runID: String
    var name: String
    var project: String?
    var pid: Int32
    var pidStart: UInt64?
    var startedAt: Double
    var scope: Scope
    var job: JobIdentity?
    var updatedAt: Double
    var tasks: [Task]

    enum CodingKeys: String, CodingKey {
        case version, runID = "run_id", name, project, pid, pidStart = "pid_start", startedAt = "started_at", scope,
            job, updatedAt = "updated_at", tasks
    }

    init(_ run: LiveRun) {
        version = Self.currentVersion
        runID = run.runID
        name = run.name
        project = run.project
        pid = run.pid
        pidStart = run.pidStart
        startedAt = run.startedAt
        scope = run.scope
        job = run.job
        updatedAt = run.updatedAt
        tasks = run.tasks.map { task in
            Task(
                task: task.task,
                energy: Dictionary(
                    uniqueKeysWithValues: task.energy.map {
                        ($0.key.rawValue, Series(joules: $0.value.joules, method: $0.value.method))
                    }))
        }
    }

    /// The run the file describes; nil for another version or a component this code does not know.
    var run: LiveRun? {
        guard version == Self.currentVersion else { return nil }
        var runTasks: [LiveTaskEnergy] = []
        for task in tasks {
            var energy: [Component: SeriesEnergy] = [:]
            for (key, series) in task.energy {
                guard let component = Component(rawValue: key), series.joules.isFinite, series.joules >= 0 else {
                    return nil
                }
                energy[component] = SeriesEnergy(joules: series.joules, method: series.method)
            }
            runTasks.append(LiveTaskEnergy(task: task.task, energy: energy))
        }
        return LiveRun(
            runID: runID, name: name, project: project, pid: pid, startedAt: startedAt, scope: scope, job: job,
            updatedAt: updatedAt, tasks: runTasks, pidStart: pidStart)
    }

    /// The file's bytes: keys sorted, so that equal runs give equal files.
    static func encode(_ run: LiveRun) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(LiveRunFile(run))
    }

    /// The run in a file's bytes; nil for anything that is not a live run file of this version.
    static func decode(_ data: Data) -> LiveRun? {
        (try? JSONDecoder().decode(LiveRunFile.self, from: data))?.run
    }
}
