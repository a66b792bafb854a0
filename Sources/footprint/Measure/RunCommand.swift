import ArgumentParser
import FootprintCore
import FootprintMeter
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `footprint run -- CMD ARGS…`: measure a command's energy and CO2e.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command and measure its energy and CO2e by component.",
        discussion: """
            The command gets FOOTPRINT_TASKS, a pipe it can mark phases on: `echo "start NAME" > "$FOOTPRINT_TASKS"` \
            and `echo "stop NAME" > "$FOOTPRINT_TASKS"`, and announce its epochs with `epochs N`. footprint exits with the command's exit code (128+N if \
            signal N killed it), passes on SIGINT, SIGTERM, SIGHUP and SIGQUIT, and the command never outlives \
            footprint, even a SIGKILLed one. Samples are kept as they come in the run journal. A command that \
            cannot be started is an error with a shell's exit code (127 not found, 126 not executable) and no run. \
            Processes the command leaves running (`cmd &`) are named in the summary and in --json \
            (outliving_processes); --wait-tree measures until they have exited too. With --epochs N, each task \
            named like an epoch (`start epoch 1` … `stop epoch 1`) that ends brings a forecast of the whole run's \
            duration, energy and CO2e, with a 95 % interval from the spread between epochs (after --predict-after \
            epochs; a first epoch unlike the later ones is set aside as a warm-up); at the end, forecast against \
            actual, and in --json `prediction` and `predictions`.
            """)

    @OptionGroup var meter: MeterOptions
    @Option(help: "process: the command's process tree; machine: the whole machine.") var scope: Scope = .process
    @Flag(help: "List every task in the summary, not only the \(TaskLines.shown) that used the most energy.")
    var allTasks = false
    @Flag(
        help:
            "Measure until every process of the command's tree has exited, not only the command (background jobs it leaves running)."
    )
    var waitTree = false
    @OptionGroup var epochOptions: EpochOptions
    @OptionGroup var jobOptions: JobOptions
    @OptionGroup var embodied: RunEmbodiedOptions
    @OptionGroup var startOptions: StartOptions
    @Argument(parsing: .postTerminator, help: "The command to run, after --.") var command: [String] = []

    func run() throws {
        // Before any other thread exists, so that only the forwarder's thread takes these signals.
        SignalForwarder.blockForwardedSignals()
        // An ignored SIGCHLD, inherited from whoever started footprint, would have the kernel reap the
        // command unseen: no exit status to pass on, and an end of the run that is never noticed.
        signal(SIGCHLD, SIG_DFL)
        guard !command.isEmpty else {
            throw InvalidInput(noCommandAdvice)
        }
        let oneLine = MeterOptions.oneLine(command)
        let plan = try epochOptions.plan()
        try embodied.check()
        // The command inherits footprint's environment: the job it names is the command's.
        let job = try jobOptions.resolve(
            detected: ProcessJob.detectOwn(environment: ProcessInfo.processInfo.environment))
        var configuration = try meter.configuration(defaultName: oneLine, scope: scope, command: command)
        configuration.epochPlan = plan
        configuration.job = job
        // --start best: planned and waited for before the meter exists, which then measures from the real start.
        let planned = try PlannedStart(startOptions, here: configuration.location, ledger: meter.ledger)
        try planned?.wait(quiet: meter.quiet)
        configuration.planned = planned?.record

        // The meter and its task pipe come first, so that the command's first phase marks count.
        var live = configuration
        let display = meter.liveLine(for: &live, scope: scope)
        let runMeter: RunMeter
        let channel: TaskChannel
        do {
            runMeter = try RunMeter(configuration: live, trackedPID: nil)
            channel = try TaskChannel()
        } catch {
            throw CommandFailure.keepingKnown(error)
        }
        // Recorded before the command starts, so that a ledger that cannot be written stops footprint
        // before the command has done anything; taken back below if the command cannot be executed.
        do {
            try runMeter.beginRecord()
        } catch {
            channel.close()
            throw CommandFailure.keepingKnown(error)
        }
        // Orphans of the command's tree become footprint's children, so that none is lost from view.
        let adopting = CommandTree.adoptOrphans()
        let child: ChildProcess
        do {
            child = try ChildProcess(
                command: command,
                environment: ["FOOTPRINT_TASKS": channel.path, "FOOTPRINT_RUN_ID": runMeter.id],
                resetSignals: SignalForwarder.forwarded + StandardStreams.commandDefaults)
        } catch {
            // It never ran: the one-line error and a shell's exit code (127, 126), and no run.
            runMeter.discardRecord()
            channel.close()
            throw error
        }
        // The command runs: only now are its samples taken and its task lines read.
        do {
            if adopting { runMeter.track(descendantsOf: getpid()) } else { runMeter.track(pid: child.pid) }
            try runMeter.start()
            try channel.listen(batches: runMeter.apply)
        } catch {
            channel.close()
            throw CommandFailure.keepingKnown(error)
        }
        let tree = CommandTree(command: child.pid)
        let commandEnded = Atomic<Bool>(false)
        let forwarder = SignalForwarder { signal in
            if commandEnded.load(ordering: .acquiring) { tree.signalSurvivors(signal) } else { child.send(signal) }
        }

        tree.waitForCommand()
        commandEnded.store(true, ordering: .releasing)
        let (termination, survivors) = Self.settle(
            tree, of: child, adopting: adopting, waitTree: waitTree,
            meter: runMeter, forwarder: forwarder)
        channel.close()
        runMeter.stopSampling()
        let ending = termination ?? child.reap()
        display?.clear()
        let interrupted = !forwarder.signalsReceived.isEmpty || { if case .signaled = ending { true } else { false } }()
        var summary = runMeter.finish(exitCode: ending.exitCode, status: interrupted ? .interrupted : .finished)
        summary.outlivingProcesses = survivors
        summary.notes += ForecastText.notes(summary)
        try meter.report(
            summary, scope: scope, recorder: runMeter.configuration.recorder, allTasks: allTasks, extras: embodied,
            planNotes: planned?.planNotes ?? [])
        throw PassThroughExit(code: ending.exitCode)
    }
}

/// Exit with the wrapped command's own code, whatever it is.
struct PassThroughExit: Error {
    let code: Int32
}
