import FootprintCore
import Foundation
import Synchronization

/// Records runs for a server's ledger: into its local spool (a ``LedgerRecorder`` on a SQLite
/// file, with every crash guarantee of one), and from there to the server, in the background when
/// a run begins, every ``interval`` seconds, and once more when it ends.
///
/// The measured command never waits on the server and never fails because of it: a server that is
/// down, restarting or refusing the credentials leaves the run in the spool, and ``notices`` say
/// what happened. A run leaves the spool once it has ended and the server holds all its samples.
/// The first delivery also takes what earlier commands left in the spool.
public final class DeliveringRecorder: RunRecorder, Sendable {
    /// Opens the server's ledger; called on the delivery thread, again after each failure.
    public typealias Opener = @Sendable () throws(LedgerError) -> any RunBundleStore

    /// The spool's recorder: what a command stores beside a run (experiments) goes to its ledger.
    public let spool: LedgerRecorder
    /// The server's ledger as it is printed (never with a password).
    public let target: String
    private let open: Opener
    /// Seconds between deliveries while a run goes on.
    public let interval: Double
    /// The longest a run's end waits for its last delivery.
    public let endWait: Double
    /// The delivery thread's state, and each run's; the recorder's callers and the thread share it.
    private let state = Mutex<State>(State())
    /// Wakes the delivery thread early: a run ended.
    private let wake = DispatchSemaphore(value: 0)

    /// What happened to the delivery, for the command's output.
    public enum Notice: Sendable, Hashable, CustomStringConvertible {
        /// The server could not be reached (or refused) for `seconds`; the `samples` taken
        /// meanwhile were delivered once it answered again.
        case recovered(target: String, reason: LedgerError.Reason, seconds: Double, samples: Int)
        /// The run could not be delivered before the command ended: it waits in the spool.
        case kept(spool: String, problem: String)
        /// Runs that earlier commands left in the spool were delivered.
        case leftovers(target: String, runs: Int, samples: Int)

        public var description: String {
            switch self {
            case .recovered(let target, let reason, let seconds, let samples):
                let what = reason == .unreachable ? "was unreachable" : "refused the delivery"
                return "the ledger server \(target) \(what) for \(Int(seconds.rounded())) s; the "
                    + "\(Format.count(samples)) sample\(samples == 1 ? "" : "s") taken meanwhile "
                    + "\(samples == 1 ? "was" : "were") delivered when it came back"
            case .kept(let spool, let problem):
                return "\(problem): this run is kept in the local spool \(spool) and is delivered by the next "
                    + "footprint command that uses this ledger"
            case .leftovers(let target, let runs, let samples):
                return "delivered \(runs) run\(runs == 1 ? "" : "s") (\(Format.count(samples)) "
                    + "sample\(samples == 1 ? "" : "s")) that earlier commands left in the local spool to \(target)"
            }
        }
    }

    struct RunState {
        var ended = false
        /// Delivered and confirmed, or given up on: the run's end waits no more.
        var settled = false
        var endDeadline: Date?
        var outageSince: Date?
        var outageReason: LedgerError.Reason?
        let settledSignal = DispatchSemaphore(value: 0)
    }

    struct State {
        var store: (any RunBundleStore)?
        var runs: [String: RunState] = [:]
        var notices: [Notice] = []
        var leftoversTaken = false
        var delivering = false
    }

    /// - Parameters:
    ///   - spool: the recorder of the spool's ledger (``LedgerSpool/open()``).
    ///   - target: the server ledger's location as it may be printed.
    ///   - interval: seconds between deliveries during a run.
    ///   - endWait: the longest a run's end waits for its delivery.
    ///   - open: opens the server's ledger.
    public init(
        spool: LedgerRecorder, target: String, interval: Double = 5, endWait: Double = 5, open: @escaping Opener
    ) {
        (self.spool, self.target, self.interval, self.endWait, self.open) = (spool, target, interval, endWait, open)
    }

    /// The server's ledger: where the run is recorded, as far as the user is concerned.
    public var location: String { target }

    /// What happened to the deliveries so far, oldest first.
    public var notices: [Notice] { state.withLock { $0.notices } }

    /// The spool's write failures (a full disk), one line per kind and reason.
    public var writeFailures: [String] { spool.writeFailures }

    public func begin(_ run: RunRecord) throws {
        try spool.begin(run)
        let start = state.withLock { state in
            state.runs[run.id] = RunState()
            defer { state.delivering = true }
            return !state.delivering
        }
        if start { Thread { [self] in deliverWhileRunning() }.start() }
    }

    public func sample(_ record: SampleRecord, runID: String) { spool.sample(record, runID: runID) }
    public func task(_ record: TaskRecord, runID: String) { spool.task(record, runID: runID) }
    public func tasks(_ records: [TaskRecord], runID: String) { spool.tasks(records, runID: runID) }
    public func forecast(_ forecast: EpochForecast, runID: String) { spool.forecast(forecast, runID: runID) }

    /// Ends the run in the spool, then waits at most ``endWait`` for its delivery.
    public func end(_ ending: RunEnding, runID: String) {
        spool.end(ending, runID: runID)
        let signal = state.withLock { state -> DispatchSemaphore? in
            state.runs[runID]?.ended = true
            state.runs[runID]?.endDeadline = Date().addingTimeInterval(endWait)
            return state.runs[runID]?.settledSignal
        }
        guard let signal else { return }
        wake.signal()
        if signal.wait(timeout: .now() + endWait + 1) == .timedOut {
            settle(runID, keeping: "the ledger server \(target) did not answer within \(Int(endWait)) s")
        }
    }

    /// Takes back a run that never took place: it goes from the spool. (It is discarded as it
    /// begins, before its first delivery, which comes ``interval`` seconds later.)
    public func discard(runID: String) {
        state.withLock { state in
            state.runs[runID]?.settledSignal.signal()
            state.runs[runID] = nil
        }
        spool.discard(runID: runID)
    }

    /// The delivery thread: a round every ``interval`` (more often while an ended run waits), until
    /// every run begun is settled.
    private func deliverWhileRunning() {
        // The first round at once: a server that is down is known before a short run ends.
        var first = true
        while true {
            let opening = first
            let hurry = state.withLock { $0.runs.values.contains { $0.ended && !$0.settled } }
            if !first { _ = wake.wait(timeout: .now() + (hurry ? min(interval, 0.25) : interval)) }
            first = false
            let pending = state.withLock { state -> [(id: String, ended: Bool)]? in
                let pending = state.runs.filter { !$0.value.settled }.map { (id: $0.key, ended: $0.value.ended) }
                if pending.isEmpty {
                    state.delivering = false
                    return nil
                }
                return pending
            }
            guard let pending else { return }
            deliver(pending, runs: !opening)
        }
    }

    /// One round: the server's ledger opened if it is not, what earlier commands left in the spool
    /// the first time, then (unless `runs` is false: the round as a run begins, which may yet be
    /// discarded) each pending run.
    private func deliver(_ pending: [(id: String, ended: Bool)], runs: Bool) {
        let server: any RunBundleStore
        do {
            if let store = state.withLock({ $0.store }) {
                server = store
            } else {
                server = try open()
                state.withLock { $0.store = server }
            }
            if !state.withLock({ $0.leftoversTaken }) {
                let ours = Set(state.withLock { $0.runs.keys })
                let delivery = try LedgerSpool.deliver(spool.ledger, to: server, excluding: ours)
                state.withLock { state in
                    state.leftoversTaken = true
                    if delivery.runs > 0 {
                        state.notices.append(
                            .leftovers(target: target, runs: delivery.runs, samples: delivery.samplesAdded))
                    }
                }
            }
        } catch {
            for run in pending { failed(run.id, ended: run.ended, error) }
            return
        }
        for run in pending where runs || run.ended {
            do {
                let stored = try LedgerTransfer.copy(run: run.id, from: spool.ledger, to: server)
                recovered(run.id, samples: stored?.samplesAdded ?? 0)
                guard run.ended else { continue }
                if try LedgerSpool.removeIfDelivered(run.id, from: spool.ledger, to: server) {
                    settle(run.id, keeping: nil)
                } else {
                    settle(run.id, keeping: "the ledger server \(target) did not confirm all of this run's samples")
                }
            } catch {
                failed(run.id, ended: run.ended, error)
            }
        }
    }

    /// A delivery that went through after an outage says how long it was and what it caught up on.
    private func recovered(_ runID: String, samples: Int) {
        state.withLock { state in
            guard let since = state.runs[runID]?.outageSince else { return }
            state.notices.append(
                .recovered(
                    target: target, reason: state.runs[runID]?.outageReason ?? .unreachable,
                    seconds: Date().timeIntervalSince(since), samples: samples))
            state.runs[runID]?.outageSince = nil
        }
    }

    /// A failed delivery: the connection is dropped (the next round opens a new one). An ended
    /// run waits until its deadline for a server that answered the round before, and not at all
    /// for one that refuses it or was already away.
    private func failed(_ runID: String, ended: Bool, _ error: LedgerError) {
        let giveUp = state.withLock { state -> Bool in
            state.store = nil
            guard var run = state.runs[runID] else { return false }
            let now = Date()
            let wasAway = run.outageSince != nil
            if run.outageSince == nil { run.outageSince = now }
            run.outageReason = error.reason
            state.runs[runID] = run
            guard ended else { return false }
            return error.reason != .unreachable || wasAway || now >= (run.endDeadline ?? now)
        }
        if giveUp { settle(runID, keeping: error.description) }
    }

    /// The run's delivery is over: confirmed (`problem` nil), or kept in the spool for `problem`.
    private func settle(_ runID: String, keeping problem: String?) {
        state.withLock { state in
            guard let run = state.runs[runID], !run.settled else { return }
            state.runs[runID]?.settled = true
            if let problem { state.notices.append(.kept(spool: spool.ledger.path, problem: problem)) }
            run.settledSignal.signal()
        }
    }
}
