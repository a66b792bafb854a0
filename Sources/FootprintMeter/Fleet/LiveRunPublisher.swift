import FootprintCore
import FootprintSystem
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Keeps a run's ``LiveRun`` in the live run registry while it samples: energy per task in the
/// run's scope from the sampler's totals, its file rewritten about once a second, removed at the end.
///
/// Called on the sampler's observer path (the sampler thread, and the task pipe's thread through
/// checkpoints): between writes a call only adds up a few numbers under the lock; a write is one
/// small file, temporary then renamed, so that a reader sees the whole run or none. A folder that
/// cannot be written never fails the run: it is one note.
final class LiveRunPublisher: Sendable {
    /// Seconds between writes, less a little for the sampler's jitter: ticks one interval of 1 s
    /// apart are each written.
    static let writeGap = 0.95

    private let folder: RuntimeFolder
    private let path: String
    private let state: Mutex<State>
    /// What stops the publishing, as a note for the run's summary; nil while it works.
    let openingProblem: String?

    struct State {
        var run: LiveRun
        /// Open tasks in the order they started: the last is the innermost.
        var open: [String] = []
        /// The scoped totals already counted, per component, and after how many intervals.
        var counted: (cpu: Double, gpu: Double, ram: Double) = (0, 0, 0)
        var intervals = 0
        /// Where each task is in `run.tasks`.
        var index: [String: Int] = [:]
        var lastWrite = -Double.infinity
        var ended = false
        /// The first write that failed, for the summary.
        var writeProblem: String?
    }

    /// Prepares the folder (a problem becomes ``openingProblem`` and nothing is published).
    init(folder: RuntimeFolder, run: LiveRun) {
        self.folder = folder
        path = LiveRunRegistry.path(of: run.runID, in: folder.path)
        var problem: String?
        do {
            try folder.prepare()
        } catch {
            problem = Self.note(error.description)
        }
        openingProblem = problem
        state = Mutex(State(run: run, ended: problem != nil))
    }

    static func note(_ cause: String) -> String {
        "this run is not published to the live run registry (footprint exporter will not show it): \(cause)"
    }

    /// A write that failed, for the run's summary (the first only: the next may fail alike).
    var writeProblems: [String] { state.withLock { $0.writeProblem.map { [$0] } ?? [] } }

    /// A task opened at the checkpoint that gave `totals`: what came before counts under the task
    /// that was innermost until then.
    func opened(_ task: String, totals: Sampler.Totals, scope: Scope) {
        state.withLock { state in
            count(totals, scope: scope, in: &state)
            state.open.append(task)
        }
    }

    /// A task closed at the checkpoint that gave `totals`: what came before counts under it.
    func closed(_ task: String, totals: Sampler.Totals, scope: Scope) {
        state.withLock { state in
            count(totals, scope: scope, in: &state)
            if let at = state.open.lastIndex(of: task) { state.open.remove(at: at) }
        }
    }

    /// The sampler's totals after an interval: counted, and the file rewritten when a second has passed.
    func observe(_ totals: Sampler.Totals, scope: Scope) {
        state.withLock { state in
            guard !state.ended else { return }
            count(totals, scope: scope, in: &state)
            let now = monotonicSeconds()
            guard now - state.lastWrite >= Self.writeGap else { return }
            state.lastWrite = now
            state.run.updatedAt = Timestamp.now()
            if let problem = write(state.run), state.writeProblem == nil { state.writeProblem = Self.note(problem) }
        }
    }

    /// The run has ended: its file goes, and nothing is written again.
    func end() {
        state.withLock { state in
            guard !state.ended else { return }
            state.ended = true
            unlink(path)
        }
    }

    /// The run as it would be written now (for tests).
    var run: LiveRun { state.withLock { $0.run } }

    /// Adds what the totals hold beyond what was counted to the innermost open task (`""` outside
    /// any). Totals older than those counted (a checkpoint's observer call that ran late) add nothing.
    private func count(_ totals: Sampler.Totals, scope: Scope, in state: inout State) {
        guard totals.intervals > state.intervals else { return }
        state.intervals = totals.intervals
        let task = state.open.last ?? ""
        let slot: Int
        if let known = state.index[task] {
            slot = known
        } else {
            slot = state.run.tasks.count
            state.index[task] = slot
            state.run.tasks.append(LiveTaskEnergy(task: task, energy: [:]))
        }
        func add(_ component: Component, _ counted: inout Double) {
            let energy = totals[component]
            let scoped = (scope == .machine ? energy.machine : energy.attributed).joules
            let delta = max(scoped - counted, 0)
            counted = max(scoped, counted)
            // A component never measured nor modeled (no GPU) has no series.
            guard delta > 0 || energy.method != .none else { return }
            let previous = state.run.tasks[slot].energy[component]?.joules ?? 0
            state.run.tasks[slot].energy[component] = SeriesEnergy(joules: previous + delta, method: energy.method)
        }
        add(.cpu, &state.counted.cpu)
        add(.gpu, &state.counted.gpu)
        add(.ram, &state.counted.ram)
    }

    /// Writes the file whole: a temporary file in the folder, then a rename. Returns what failed.
    private func write(_ run: LiveRun) -> String? {
        let data: Data
        do {
            data = try LiveRunFile.encode(run)
        } catch {
            return "cannot encode run \(run.runID)"
        }
        let temporary = folder.path + "/." + path.dropFirst(folder.path.count + 1) + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return "cannot write \(temporary): \(Errno.current)" }
        let written = data.withUnsafeBytes { bytes -> Bool in
            guard let base = bytes.baseAddress else { return bytes.isEmpty }
            var offset = 0
            while offset < bytes.count {
                let count = Glibc.write(descriptor, base + offset, bytes.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        let failure = written ? nil : "cannot write \(temporary): \(Errno.current)"
        close(descriptor)
        guard failure == nil, rename(temporary, path) == 0 else {
            let problem = failure ?? "cannot rename \(temporary) to \(path): \(Errno.current)"
            unlink(temporary)
            return problem
        }
        return nil
    }
}
