import FootprintCore
import FootprintMeter

// The libraries say what is wrong in their own terms, with a reason to match on; the command line
// knows which flag, command or variable a user can change, and says so here.

extension InvalidInput {
    /// A command line that the CLI itself refuses: flags that do not go together, a missing one.
    init(_ message: String) { self.init(.usage, message) }

    /// The same fault naming the flag that gave its subject, when `flags` has one for it
    /// (`["epochs": "--epochs"]`), so that "epochs must be 1 or more" reads "--epochs must be 1 or more".
    func naming(flags: [String: String]) -> InvalidInput {
        subject.flatMap { flags[$0] }.map { naming($0) } ?? self
    }

    /// For a `--csv` file of other columns than CodeCarbon's, what to do about it.
    var withCSVAdvice: InvalidInput {
        reason == .foreignFormat
            ? InvalidInput(reason, "\(message); give --csv a new file (nothing was written)") : self
    }
}

/// The message for a region that is not in the catalog, with where to look and what to give instead.
func advice(for error: UnknownRegion) -> String {
    error.description + (error.suggestions.isEmpty ? "." : "")
        + " Run `footprint regions list` for the known codes and names, "
        + "or give the grid's intensity with --intensity G_PER_KWH."
}

/// The message for a processor that is not in the catalog, with where to look.
func advice(for error: UnknownHardware) -> String {
    error.description + (error.suggestions.isEmpty ? "." : "")
        + " Run `footprint hardware list` for the known accelerators (add --cpus for CPU models)."
}

/// What to do when no command was given to measure.
let noCommandAdvice = "give the command to measure after --, e.g. footprint run -- python train.py"

/// The message for a command that could not be started, with where the command goes.
func advice(for error: ChildProcessError) -> String {
    error.reason == .noCommand ? noCommandAdvice : error.description
}

extension CalibrationError {
    /// A calibration file the user named that cannot serve (unreadable, damaged, newer, from
    /// elsewhere, or without the model's layers) is input to change: 2. Measurements that do not
    /// determine the model are a failure: 1.
    var exitCode: Int32 { reason == .underdetermined ? 1 : 2 }
}
