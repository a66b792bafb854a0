import ArgumentParser
import CFootprintSystem
import FootprintCore
import FootprintMeter
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `footprint attach PID`: measure a process that is already running, with its descendants, until
/// it exits or is stopped; `footprint attach --stop RUN` stops such a run from elsewhere.
struct AttachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Measure a running process and its descendants until it exits or you stop it.",
        discussion: """
            Measures the process tree of PID from now on, as footprint run measures its command's: the same \
            components, attribution, ledger record and task channel, whose path is printed (a program finds it \
            by its own pid in the attach registry, $XDG_RUNTIME_DIR/footprint/attached/PID.json). footprint's \
            own process is never counted, even inside the tree. The run ends, finished, when the process exits, \
            on Ctrl-C (SIGINT), SIGTERM or footprint attach --stop RUN, and without a note on SIGUSR1, which the \
            measured program sends to end its own measurement (footprint.track in Python does); a hang-up \
            (SIGHUP) or SIGQUIT records it as interrupted. With --until-exit, Ctrl-C and a hang-up are ignored. Its exit code is not known \
            (the process is not footprint's child) and is left empty. With --json, JSON lines come as things \
            happen: {"event":"attached",…} once the channel listens, {"event":"forecast",…} for each forecast, \
            and the summary, with attached_pid, last.
            """)

    @Argument(help: ArgumentHelp("The process to measure, with its descendants (1 to 4,194,304).", valueName: "pid"))
    var pid: Int?
    @Option(
        help: ArgumentHelp(
            "Stop the attach that measures run RUN (its id, or a unique prefix of at least 4 characters).",
            valueName: "run"))
    var stop: String?
    @Flag(help: "End only when the process exits, on SIGTERM or --stop: Ctrl-C and a closed terminal do not end it.")
    var untilExit = false
    @Flag(help: "List every task in the summary, not only the \(TaskLines.shown) that used the most energy.")
    var allTasks = false
    @OptionGroup var epochOptions: EpochOptions
    @OptionGroup var jobOptions: JobOptions
    @OptionGroup var meter: MeterOptions

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let registry = AttachRegistry(environment: environment)
        if let stop {
            guard pid == nil else {
                throw InvalidInput(
                    "--stop takes a run id, not a PID: give one or the other (footprint attach --stop RUN)")
            }
            try Self.stop(run: stop, registry: registry)
            return
        }
        // Before any other thread exists, so that every thread leaves these signals to the wait.
        SignalForwarder.blockForwardedSignals()
        var ownEnd = sigset_t()
        sigemptyset(&ownEnd)
        sigaddset(&ownEnd, Self.endedByTheProgram)
        pthread_sigmask(SIG_BLOCK, &ownEnd, nil)
        // --until-exit: Ctrl-C and a hang-up ignored, and unblocked, since the kernel queues a
        // blocked signal even when it is ignored, and the wait would take it.
        let ignored = untilExit ? [SIGINT, SIGHUP] : []
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for ignoring in ignored {
            signal(ignoring, SIG_IGN)
            sigaddset(&unblocked, ignoring)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
        let target = try Self.target(pid, registry: registry)
        let plan = try epochOptions.plan()
        // The job is the target's, from its environment where this user may read it.
        let job = try jobOptions.resolve(detected: ProcessJob.detect(pid: target.pid).job)
        do {
            try registry.prepare()
        } catch {
            throw InvalidInput(error.description + "; set XDG_RUNTIME_DIR or TMPDIR to a folder of your own")
        }
        let oneLine = MeterOptions.oneLine(target.command)
        var configuration = try meter.configuration(defaultName: oneLine, scope: .process, command: target.command)
        configuration.epochPlan = plan
        configuration.job = job
        let display = meter.liveLine(for: &configuration, scope: .process)
        if meter.json {
            let shown = configuration.forecastObserver
            configuration.forecastObserver = { forecast in
                shown?(forecast)
                Self.emit(AttachEvent.Forecast(forecast: ForecastJSON(forecast, madeAt: true)))
            }
        }
        let runMeter: RunMeter
        let channel: TaskChannel
        do {
            runMeter = try RunMeter(configuration: configuration, trackedPID: nil)
            channel = try TaskChannel()
        } catch {
            throw CommandFailure.keepingKnown(error)
        }
        runMeter.track(pid: target.pid, excluding: getpid())
        do {
            try runMeter.start()
            try channel.listen(batches: runMeter.apply)
        } catch {
            channel.close()
            throw CommandFailure.keepingKnown(error)
        }
        let entry = AttachRegistry.Entry(
            runID: runMeter.id, meterPID: getpid(), pid: target.pid, pidStart: target.startTime, tasks: channel.path)
        do {
            try registry.write(entry)
        } catch {
            runMeter.warn("\(error): a program cannot find this run's task channel by its pid")
        }
        announce(entry, name: configuration.name, command: oneLine)

        let ending = target.wait(
            orSignals: SignalForwarder.forwarded.filter { !ignored.contains($0) } + [Self.endedByTheProgram])
        channel.close()
        registry.remove(pid: target.pid, runID: runMeter.id)
        runMeter.stopSampling()
        display?.clear()
        var status = RunStatus.finished
        if case .signal(let signal) = ending, signal != Self.endedByTheProgram {
            status = MonitorCommand.status(stoppedBy: signal)
            runMeter.warn(
                "\(status == .finished ? "stopped" : "interrupted") by \(StopRequest.name(of: signal)) while "
                    + "process \(target.pid) still ran")
        }
        var summary = runMeter.finish(exitCode: nil, status: status)
        summary.attachedPID = target.pid
        summary.notes += ForecastText.notes(summary)
        try meter.report(summary, scope: .process, recorder: runMeter.configuration.recorder, allTasks: allTasks)
    }

    /// The signal by which the measured program ends its own measurement (Python's `footprint.track`
    /// at the end of its block): a finished run, with no note that the process still ran, since that
    /// is what the program asked for.
    static let endedByTheProgram = SIGUSR1

    /// The process to measure, checked: in range, not footprint, running and readable, and not
    /// measured by another attach.
    static func target(_ pid: Int?, registry: AttachRegistry) throws -> AttachTarget {
        guard let pid else {
            throw InvalidInput(
                "give the PID of a running process to measure (pgrep -f NAME finds one), or --stop RUN to stop an attach"
            )
        }
        guard AttachTarget.pids.contains(pid) else {
            throw InvalidInput(
                "PID \(pid) is outside 1 to 4,194,304, the process ids Linux gives; give a running one's")
        }
        let target: AttachTarget
        do {
            guard Int32(pid) != getpid() else { throw AttachError(.ownProcess, pid: Int32(pid)) }
            target = try AttachTarget(pid: Int32(pid))
            if let entry = try registry.entry(for: target.pid), entry.pidStart == target.startTime {
                throw AttachError(.alreadyAttached, pid: target.pid, runID: entry.runID)
            }
        } catch let error as AttachError {
            throw InvalidInput(advice(for: error))
        } catch {
            throw InvalidInput("\(error); set XDG_RUNTIME_DIR or TMPDIR to a folder of your own")
        }
        return target
    }

    static func advice(for error: AttachError) -> String {
        switch error.reason {
        case .noSuchProcess: "\(error); give the PID of a running process (pgrep -f NAME finds one)"
        case .unreadable: "\(error) (another user's process, or /proc mounted with hidepid); run footprint as its user"
        case .ownProcess: "\(error); give the PID of the process to measure"
        case .alreadyAttached:
            "\(error); stop that one first (footprint attach --stop \(error.runID ?? "RUN")) or use its task channel"
        }
    }

    /// Says that the run is recorded and where to mark phases: the `attached` line under --json, a
    /// line on stderr for people.
    func announce(_ entry: AttachRegistry.Entry, name: String, command: String) {
        if meter.json {
            Self.emit(
                AttachEvent.Attached(
                    runID: entry.runID, pid: entry.pid, meterPID: entry.meterPID, tasks: entry.tasks, name: name))
        } else if !meter.quiet {
            let stopping = untilExit ? "" : "Ctrl-C or "
            Terminal.standardError(
                "footprint: attached to \(entry.pid) (\(Terminal.sanitized(command))) as run \(entry.runID); "
                    + "mark phases: echo \"start NAME\" > \(entry.tasks); "
                    + "stop: \(stopping)footprint attach --stop \(entry.runID)")
        }
    }

    /// One JSON line on stdout, flushed at once: the program that reads it acts on it now.
    static func emit<Event: Encodable>(_ event: Event) {
        try? JSONOutput.print(event, oneLine: true)
        _ = footprint_flush_standard_output()
    }

    /// `--stop RUN`: asks the attach measuring RUN to end (SIGTERM) and waits until it has.
    static func stop(run: String, registry: AttachRegistry) throws {
        guard run.count >= 4 else {
            throw InvalidInput("--stop \(Format.quoted(run)): give the run id, or at least its first 4 characters")
        }
        let matches: [AttachRegistry.Entry]
        do {
            matches = try registry.entries().filter { $0.runID.hasPrefix(run) }
        } catch {
            throw InvalidInput("\(error); set XDG_RUNTIME_DIR or TMPDIR to a folder of your own")
        }
        guard let entry = matches.first else {
            throw InvalidInput(
                "no footprint attach is measuring run \(Format.quoted(run)); give the run id footprint attach printed "
                    + "(footprint runs lists runs; a footprint run or monitor ends with Ctrl-C)")
        }
        guard matches.count == 1 else {
            throw InvalidInput(
                "\(Format.quoted(run)) begins the ids of \(matches.count) attached runs "
                    + "(\(matches.map(\.runID).joined(separator: ", "))); give more of one")
        }
        kill(entry.meterPID, SIGTERM)
        let deadline = monotonicSeconds() + 30
        while registry.isAlive(entry.meterPID) {
            guard monotonicSeconds() < deadline else {
                throw CommandFailure(
                    message: "run \(entry.runID) did not stop within 30 s; its footprint is process \(entry.meterPID)")
            }
            usleep(20_000)
        }
        Terminal.standardError("footprint: stopped run \(entry.runID) (attached to \(entry.pid))")
    }
}
