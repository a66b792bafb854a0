import ArgumentParser
import FootprintCore

/// `footprint run --start now|best`: start at once (the default), or at the cleanest time here
/// before a deadline, as `footprint plan` would choose it for this location alone.
struct StartOptions: ParsableArguments {
    enum Start: String, ExpressibleByArgument, CaseIterable {
        case now
        case best
    }

    @Option(
        help: ArgumentHelp(
            "now: start at once. best: wait for the cleanest start here before --deadline (Ctrl-C cancels).",
            valueName: "now|best"))
    var start: Start = .now

    @Option(
        help: ArgumentHelp(
            "With --start best: when the command must be done, 2026-12-01T08:00Z or a span from now (8h).",
            valueName: "time"))
    var deadline: String?

    @Option(
        help: ArgumentHelp(
            "With --start best: how long the command is expected to run, for the window the plan prices "
                + "(default 1h).", valueName: "span"))
    var expectedDuration: String?

    /// Refuses the planning flags without --start best, and --start best without a deadline.
    /// (Not argument-parser's `validate()`, whose errors exit 1, not 2.)
    func check() throws {
        guard start == .best else {
            if deadline != nil || expectedDuration != nil {
                throw InvalidInput(
                    "--deadline and --expected-duration are for --start best; add it, or leave them out to start now")
            }
            return
        }
        if deadline == nil {
            throw InvalidInput("--start best needs --deadline: when the command must be done, e.g. --deadline 8h")
        }
    }
}
