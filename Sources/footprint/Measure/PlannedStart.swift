import FootprintCore
import FootprintGrid
import FootprintMeter

#if canImport(Glibc)
import Glibc
#endif

/// `run --start best`: the plan for this location alone, the wait until its start, the record the
/// run keeps of it, and the lines the run's summary gets: the planned intensity beside the one the
/// run met, as it was priced.
struct PlannedStart {
    let plan: Plan
    let place: PlanPlace
    let readings: PlanReadings
    /// The deadline the plan was made for, seconds since 1970.
    let deadline: Double

    /// The energy the plan ranks windows with: one place, so only the intensity decides and only it
    /// is shown; any positive energy ranks them alike (zero would tie them all).
    static let nominalEnergy = Energy.kilowattHours(1)

    /// The job's length a plan assumes when `--expected-duration` is not given.
    static let defaultLength = 3_600.0

    /// Plans the start here, or nil for `--start now`. Only the planner and the ledger's intensity
    /// store are touched: no source is asked over the network, so the start stays fast.
    init?(_ options: StartOptions, here: ResolvedLocation, ledger: LedgerOptions) throws {
        try options.check()
        guard options.start == .best, let deadlineText = options.deadline else { return nil }
        let now = Timestamp.now()
        let length =
            try options.expectedDuration.map { try PlanTimes.length($0, flag: "--expected-duration") }
            ?? Self.defaultLength
        let deadline = try PlanTimes.instant(deadlineText, flag: "--deadline", now: now)
        self.deadline = deadline
        place = PlanPlace(here: here)
        readings = try PlanReadings(ledger: ledger)
        let location = try readings.location(place, now: now, deadline: deadline)
        // Checked here, not left to the planner, so that the advice names this command's own flags
        // (a deadline already past is the planner's to refuse).
        guard deadline <= now || deadline - now >= length else {
            throw InvalidInput(
                "the run is expected to take \(Duration.seconds(length)) but only "
                    + "\(Duration.seconds(deadline - now)) lie between now and the deadline; give a later "
                    + "--deadline or a shorter --expected-duration")
        }
        do {
            plan = try Planner.plan(
                PlanRequest(
                    duration: length, energy: Self.nominalEnergy, locations: [location], now: now, deadline: deadline))
        } catch {
            throw InvalidInput(error.message)
        }
    }

    /// Waits until the planned start with a countdown (a live line on a terminal, one line otherwise,
    /// nothing when `quiet`).
    /// - Throws: ``PassThroughExit`` with 128 + the signal (130 for Ctrl-C) when a signal ends the
    ///   wait: nothing has run and nothing is recorded.
    func wait(quiet: Bool) throws {
        let start = plan.best.start
        let basis = "\(plan.best.intensity), \(plan.basis.label)"
        let terminal = !quiet && isatty(STDERR_FILENO) == 1
        if !quiet, !terminal, start > Timestamp.now() {
            Terminal.standardError(
                "footprint: waiting until \(Timestamp.iso8601UTC(start)), the cleanest start before the deadline "
                    + "(\(basis)); Ctrl-C cancels")
        }
        let signal = StartWait.until(start) { left in
            guard terminal else { return }
            let line =
                "\r\u{1B}[2K⏳ starting in \(Self.countdown(left)) at \(Timestamp.iso8601UTC(start)) "
                + "(\(plan.best.intensity)) │ Ctrl-C cancels"
            _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
        }
        if terminal { _ = "\r\u{1B}[2K".withCString { write(STDERR_FILENO, $0, strlen($0)) } }
        if let signal {
            if !quiet {
                Terminal.standardError(
                    "footprint: cancelled before the planned start; nothing ran and nothing was recorded")
            }
            throw PassThroughExit(code: 128 + signal)
        }
    }

    /// The time left as a clock counts it down: "1:59:58", "0:00:03".
    static func countdown(_ seconds: Double) -> String {
        let whole = Int(max(seconds, 0).rounded(.up))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(whole / 3_600):\(two(whole / 60 % 60)):\(two(whole % 60))"
    }

    /// What the run keeps of the plan (``RunRecord/planned``).
    var record: PlannedStartRecord {
        PlannedStartRecord(
            start: plan.best.start, end: plan.best.end, deadline: deadline, intensity: plan.best.intensity,
            nowIntensity: plan.now.intensity, basis: plan.basis.label)
    }

    /// What the planner had to say (readings it lacked, sources that failed), for the run's summary.
    var planNotes: [String] { readings.notes + plan.notes }

    /// For the summary of a run `--start best` planned: the plan, and the intensity the run met,
    /// its mean over the run as it was priced (by the hour where readings cover it, else the annual
    /// average, named as such). Empty for a run started at once.
    static func versusActual(_ summary: RunSummary) -> [String] {
        guard let planned = summary.planned else { return [] }
        return [
            "planned start \(Timestamp.iso8601UTC(planned.start)): \(planned.intensity) over "
                + "\(Duration.seconds(planned.end - planned.start)), \(planned.basis); "
                + "starting at once: \(planned.nowIntensity)",
            "actual start \(summary.startedAt): \(summary.pricedIntensity) over the run's "
                + "\(Duration.seconds(summary.duration)), \(summary.basis.label)"
        ]
    }
}
