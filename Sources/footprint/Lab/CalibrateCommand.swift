import ArgumentParser
import FootprintCore
import FootprintLab
import FootprintMeter
import Foundation

extension LabCommand {
    /// `footprint lab calibrate`: measures micro-benchmarks on this machine and fits the per-layer
    /// energy model that calibrated estimates use; `--validate` measures held-out networks against it.
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calibrate",
            abstract: "Fit a per-layer energy model to measurements on this machine, or validate one (--validate).")

        @Option(help: "lab (Footprint's engine, in process) or pytorch (the shipped PyTorch script, a child process).")
        var engine: ExperimentEngine = .lab
        @Option(help: ArgumentHelp("The Python with torch, for --engine pytorch.", valueName: "python"))
        var python: String?
        @Option(help: "cpu or cuda, for --engine pytorch.") var device = "cpu"
        @Option(help: "Measured repeats of each micro-benchmark, 1 to 100, after one discarded warm-up.")
        var repeats = 3
        @OptionGroup var compute: EngineOptions
        @OptionGroup(title: "Measurement") var meter: LabMeterOptions
        @Option(
            help: ArgumentHelp(
                "Where to write the calibration (default: one file per machine and engine).",
                valueName: "file"))
        var output: String?
        @Flag(help: "Measure held-out networks and compare them with the calibration's predictions.")
        var validate = false
        @Option(help: ArgumentHelp("The calibration --validate checks (default: this machine's).", valueName: "file"))
        var calibration: String?
        @Flag(help: "Use a calibration made on another machine or engine, with a warning.") var force = false
        @Flag(help: "Print the results as one JSON object, the last line of stdout.") var json = false

        func run() throws {
            if validate {
                try runValidation()
                return
            }
            throw InvalidInput("footprint lab calibrate is not built yet")
        }
    }
}
