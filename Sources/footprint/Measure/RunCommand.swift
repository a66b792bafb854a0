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
        footprint, even a SIGKILLed one. Samples are kept as they come in the run journal.
        """)

    @OptionGroup var meter: MeterOptions
    @Option(help: "process: the command's process tree; machine: the whole machine.") var scope: Scope = .process
    @Argument(parsing: .postTerminator, help: "The command to run, after --.") var command: [String] = []

    func run() throws {
        // Before any other thread exists, so that only the forwarder's thread takes these signals.
        SignalForwarder.blockForwardedSignals()
        guard !command.isEmpty else { throw InvalidInput("give the command to measure after --, e.g. footprint run -- python train.py") }
                // The default name is the command on one line, whatever newlines a script argument holds.
        let oneLine = command.joined(separator: " ").split(whereSeparator: \.isNewline).joined(separator: " ")
        let configuration = try meter.configuration(defaultName: oneLine, scope: scope, command: command)

        // The meter and its task pipe come first, so that the command's first phase marks count.
        var live = configuration
        let display = meter.quiet ? nil : LiveLine(location: configuration.location, pue: configuration.pue, scope: scope)
        if let display { live.observer = { interval, totals in display.update(interval, totals) } }
        let runMeter: RunMeter
        do {
            runMeter = try RunMeter(configuration: live, trackedPID: nil)
        } catch {
            throw CommandFailure(message: "\(error)")
        }
        let channel = try TaskChannel { event in
            switch event {
            case .start(let name): runMeter.startTask(name)
            case .stop(let name): runMeter.stopTask(name)
            case .malformed(let line): runMeter.warn("ignored task line '\(line)': write 'start NAME' or 'stop NAME'")
            }
        }
        let child: ChildProcess
        do {
            child = try ChildProcess(command: command,
                                     environment: ["FOOTPRINT_TASKS": channel.path, "FOOTPRINT_RUN_ID": runMeter.id],
                                     resetSignals: SignalForwarder.forwarded)
            runMeter.track(pid: child.pid)
            try runMeter.start()
        } catch {
            channel.close()
            throw CommandFailure(message: "\(error)")
        }
        let forwarder = SignalForwarder { signal in child.send(signal) }

        child.waitForExit()
        channel.close()
        runMeter.stopSampling()
        let termination = child.reap()
        display?.clear()
        let interrupted = !forwarder.signalsReceived.isEmpty || { if case .signaled = termination { true } else { false } }()
        let summary = runMeter.finish(exitCode: termination.exitCode, status: interrupted ? "interrupted" : "finished")
        try meter.report(summary, scope: scope, recorder: runMeter.configuration.recorder)
        throw PassThroughExit(code: termination.exitCode)
    }
}

/// Exit with the wrapped command's own code, whatever it is.
struct PassThroughExit: Error {
    let code: Int32
}
