import ArgumentParser
import FootprintCore
import FootprintMeter
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
            and `echo "stop NAME" > "$FOOTPRINT_TASKS"`. footprint exits with the command's exit code (128+N if \
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
    @Option(
        help: ArgumentHelp(
            "The epochs the command will run, 1 to 1,000,000: forecast the whole run as its epoch tasks end.",
            valueName: "n"))
    var epochs: Int?
    @Option(
        help: ArgumentHelp("Epochs to finish before the first forecast, 1 to --epochs (default 1).", valueName: "k"))
    var predictAfter: Int?
    @Option(
        help: ArgumentHelp(
            "Which tasks are epochs: a name with * for any text, case-insensitive (default 'epoch *').",
            valueName: "pattern"))
    var epochTask: String?
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
        // The default name is the command on one line, whatever newlines a script argument holds.
        let oneLine = command.joined(separator: " ").split(whereSeparator: \.isNewline).joined(separator: " ")
        let plan = try epochPlan()
        var configuration = try meter.configuration(defaultName: oneLine, scope: scope, command: command)
        configuration.epochPlan = plan

        // The meter and its task pipe come first, so that the command's first phase marks count.
        var live = configuration
        let display =
            meter.quiet ? nil : LiveLine(location: configuration.location, pue: configuration.pue, scope: scope)
        if let display {
            live.observer = { interval, totals in display.update(interval, totals) }
            // On a terminal the live line carries the forecast; elsewhere (a log) each is a line of its own.
            live.forecastObserver = { forecast in
                if display.enabled {
                    display.show(forecast)
                } else {
                    Terminal.standardError("footprint: " + ForecastText.update(forecast))
                }
            }
        }
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
        try meter.report(summary, scope: scope, recorder: runMeter.configuration.recorder, allTasks: allTasks)
        throw PassThroughExit(code: ending.exitCode)
    }
}

extension RunCommand {
    /// The epochs the options announce, checked before anything is opened; nil without --epochs.
    func epochPlan() throws -> EpochPlan? {
        guard let epochs else {
            if predictAfter != nil || epochTask != nil {
                throw InvalidInput(
                    "\(predictAfter != nil ? "--predict-after" : "--epoch-task") needs --epochs N, the epochs the "
                        + "command will run")
            }
            return nil
        }
        let pattern: EpochTaskPattern
        do throws(InvalidInput) {
            pattern = try epochTask.map(EpochTaskPattern.init) ?? .standard
        } catch {
            throw error.naming("--epoch-task")
        }
        try PlausibleRange.expectedEpochs.check(Double(epochs), origin: "--epochs")
        try PlausibleRange.epochsBeforeForecast(of: epochs).check(Double(predictAfter ?? 1), origin: "--predict-after")
        return try EpochPlan(epochs: epochs, predictAfter: predictAfter ?? 1, pattern: pattern)
    }
}

/// Exit with the wrapped command's own code, whatever it is.
struct PassThroughExit: Error {
    let code: Int32
}
