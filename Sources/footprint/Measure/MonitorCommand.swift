import ArgumentParser
import FootprintCore
import FootprintMeter

#if canImport(Glibc)
import Glibc
#endif

/// `footprint monitor`: the whole machine's energy until Ctrl-C or `--duration`.
struct MonitorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Measure the whole machine's energy and CO2e until Ctrl-C or --duration.",
        discussion: """
            Stopping it with Ctrl-C (SIGINT) or SIGTERM (kill, systemctl stop) is how it is meant to end: the run \
            is recorded as finished, as when --duration runs out. A hang-up (SIGHUP, the terminal closed) or \
            SIGQUIT (Ctrl-\\) records it as interrupted, as does a footprint that is killed outright.
            """)

    @OptionGroup var meter: MeterOptions
    @Option(
        help: ArgumentHelp(
            "Stop after this many seconds (more than 0, at most 31536000: 365 days).", valueName: "seconds"))
    var duration: Double?

    func run() throws {
        SignalForwarder.blockForwardedSignals()
        if let duration { try PlausibleRange.monitorDuration.check(duration, origin: "--duration") }
        var configuration = try meter.configuration(defaultName: "monitor", scope: .machine, command: [])
        let display =
            meter.quiet ? nil : LiveLine(location: configuration.location, pue: configuration.pue, scope: .machine)
        if let display { configuration.observer = { interval, totals in display.update(interval, totals) } }
        let runMeter: RunMeter
        do {
            runMeter = try RunMeter(configuration: configuration, trackedPID: nil)
            try runMeter.start()
        } catch {
            throw CommandFailure.keepingKnown(error)
        }
        let signal = Self.waitForSignal(timeout: duration)
        let summary = runMeter.stop(exitCode: nil, status: Self.status(stoppedBy: signal))
        display?.clear()
        try meter.report(summary, scope: .machine, recorder: runMeter.configuration.recorder)
    }

    /// How a monitor stopped by `signal` (nil: its duration ran out) ended: Ctrl-C and SIGTERM are
    /// the ways to stop it, so it finished; a hang-up or SIGQUIT cut it short.
    static func status(stoppedBy signal: Int32?) -> RunStatus {
        guard let signal, signal != SIGINT, signal != SIGTERM else { return .finished }
        return .interrupted
    }

    /// Waits for SIGINT, SIGTERM, SIGHUP or SIGQUIT (blocked, so taken here), or the timeout;
    /// returns the signal, or nil when the time ran out.
    static func waitForSignal(timeout: Double?) -> Int32? {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in SignalForwarder.forwarded { sigaddset(&set, signal) }
        let deadline = timeout.map { monotonicSeconds() + $0 }
        while true {
            if let deadline {
                let remaining = deadline - monotonicSeconds()
                if remaining <= 0 { return nil }
                // At most a minute per wait, so that no Double can overflow the timespec; the loop waits again.
                let step = min(remaining, 60)
                var wait = timespec(tv_sec: Int(step), tv_nsec: Int((step - step.rounded(.down)) * 1e9))
                let signal = sigtimedwait(&set, nil, &wait)
                if signal > 0 { return signal }
            } else {
                var info = siginfo_t()
                let signal = sigwaitinfo(&set, &info)
                if signal > 0 { return signal }
            }
        }
    }
}
