import FootprintCore
import FootprintSystem

#if canImport(Glibc)
import Glibc  // mkdir, unlink
#endif

/// A run recorded as JSON lines in `DATA/runs/ID.jsonl`: the recorder for programs that use
/// the meter without the SQLite ledger (``Tracker`` by default).
///
/// Each line goes to the kernel with one `write` on an `O_APPEND` descriptor as soon as it is
/// known, so a process killed with SIGKILL keeps every finished interval; a journal without an
/// `end` line is an interrupted run.
public final class RunJournal: RunRecorder, @unchecked Sendable {
    // @unchecked: `descriptor` and `path` are set in `begin` and cleared in `discard`, which the
    // run's owner calls before and after every other call, on one thread; between them the
    // descriptor only changes hands by value, and `write` on an O_APPEND descriptor is atomic per
    // line, so sample lines from the sampler thread and task lines from the task pipe's thread
    // never interleave.

    private let folder: String
    private var descriptor: Int32 = -1
    private var path = ""

    /// The folder for journals: `FOOTPRINT_DATA_DIR`, else `$XDG_DATA_HOME/footprint`, else
    /// `~/.local/share/footprint`; runs go in its `runs/` folder.
    public static func defaultFolder(environment: [String: String]) -> String {
        Host.dataFolder(environment: environment) + "/runs"
    }

    /// A journal that will write into `folder`, created if needed.
    public init(folder: String) {
        self.folder = folder
    }

    deinit { if descriptor >= 0 { _ = SystemCalls.system.close(descriptor) } }

    public var location: String { path }

    public func begin(_ h: RunRecord) throws(RunJournalError) {
        var made = folder.hasPrefix("/") ? "" : "."
        for part in folder.split(separator: "/") {
            made += "/" + part
            mkdir(made, 0o755)  // EEXIST is fine; a real failure shows at open below
        }
        path = "\(folder)/\(h.id).jsonl"
        switch SystemCalls.system.openFile(path, [.writeOnly, .create, .append, .closeOnExec], mode: 0o644) {
        case .success(let fd): descriptor = fd
        case .failure(let failure):
            throw RunJournalError(path: path, code: failure)
        }
        var line = JSONLine()
        line.add("type", "run")
        line.add("version", 1)
        line.add("id", h.id)
        line.add("name", h.name)
        line.add("project", h.project)
        line.add("command", h.command)
        line.add("started_at", Timestamp.iso8601UTC(h.startedAt))
        line.add("host", h.host)
        if let pid = h.pid { line.add("pid", Int(pid)) }
        if let interval = h.intervalSeconds { line.add("interval_s", interval) }
        line.add("scope", h.scope.rawValue)
        line.add("location_code", h.locationCode)
        line.add("intensity_g_per_kwh", h.intensity.gramsPerKilowattHour)
        line.add("intensity_source", h.intensitySource)
        line.add("pue", h.pue)
        line.add("cpu_model", h.cpuModel)
        line.add("cpu_power_model", h.cpuPowerModel)
        line.add("gpus", h.gpus)
        line.add("notes", h.notes)
        if let job = h.job { line.add("job", raw: Self.object(job)) }
        append(line)
    }

    /// A job as the journal's `run` line nests it, its fields named as `runs --json` names them.
    static func object(_ job: JobIdentity) -> String {
        var object = JSONLine()
        object.add("scheduler", job.scheduler.rawValue)
        object.add("id", job.id)
        if let name = job.name { object.add("name", name) }
        if let rank = job.rank { object.add("rank", rank) }
        if let localRank = job.localRank { object.add("local_rank", localRank) }
        if let worldSize = job.worldSize { object.add("world_size", worldSize) }
        if let node = job.node { object.add("node", node) }
        if let pod = job.pod { object.add("pod", pod) }
        if let namespace = job.namespace { object.add("namespace", namespace) }
        return object.object
    }

    public func sample(_ r: SampleRecord, runID: String) {
        var line = JSONLine()
        line.add("type", "sample")
        line.add("t", r.t)
        line.add("dt", r.duration)
        line.add("cpu_j", r.cpuJoules)
        line.add("cpu_process_j", r.cpuProcessJoules)
        line.add("gpu_j", r.gpuJoules)
        line.add("gpu_process_j", r.gpuProcessJoules)
        line.add("ram_j", r.ramJoules)
        line.add("ram_process_j", r.ramProcessJoules)
        line.add("cpu_utilization", r.cpuUtilization)
        line.add("process_cpu_share", r.processCPUShare)
        append(line)
    }

    public func task(_ r: TaskRecord, runID: String) {
        var line = JSONLine()
        line.add("type", "task")
        line.add("name", r.name)
        line.add("start_s", r.start)
        line.add("end_s", r.end)
        line.add("cpu_j", r.cpuJoules)
        line.add("gpu_j", r.gpuJoules)
        line.add("ram_j", r.ramJoules)
        append(line)
    }

    public func end(_ e: RunEnding, runID: String) {
        var line = JSONLine()
        line.add("type", "end")
        line.add("status", e.status.rawValue)
        if let code = e.exitCode { line.add("exit_code", Int(code)) }
        line.add("duration_s", e.duration)
        line.add("energy_j", e.energyJoules)
        line.add("co2e_g", e.co2eGrams)
        append(line)
    }

    public func discard(runID: String) {
        guard descriptor >= 0 else { return }
        _ = SystemCalls.system.close(descriptor)
        descriptor = -1
        unlink(path)
    }

    private func append(_ line: JSONLine) {
        guard descriptor >= 0 else { return }
        let text = line.line
        var utf8 = Array(text.utf8)
        var offset = 0
        while offset < utf8.count {
            let fd = descriptor
            let written = utf8.withUnsafeMutableBytes { raw -> Result<Int, Errno> in
                guard let base = raw.baseAddress else { return .success(0) }
                return retryingInterrupted { SystemCalls.system.write(fd, base + offset, raw.count - offset) }
            }
            // A full disk must not stop the measured command.
            guard case .success(let count) = written, count > 0 else { return }
            offset += count
        }
    }
}
