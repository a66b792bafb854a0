import FootprintCore
import FootprintLab
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where a long measurement stands: the stage it is in (an experiment, a calibration's network),
/// the piece of work starting and its place, the share done and the time.
protocol MeasurementProgress {
    var stage: String { get }
    var configuration: String { get }
    var index: Int { get }
    var count: Int { get }
    var fractionDone: Double { get }
    var elapsed: Double { get }
    var remaining: Double? { get }
}

extension ExperimentRunner.Progress: MeasurementProgress {
    var stage: String { experiment.rawValue }
}

extension CalibrationRun.Progress: MeasurementProgress {
    var stage: String { "calibrate" }
    var configuration: String { label }
}

/// Where the suite is, on stderr: on a terminal one line redrawn in place (a bar, the share of the
/// estimated work done, elapsed time and the time left at the pace so far); elsewhere one line
/// per stage begun (at most one every `loggedEvery` seconds within a stage), so that a log shows
/// progress without control characters.
final class ExperimentProgressLine {
    private let terminal = isatty(STDERR_FILENO) == 1
    private let loggedEvery: Double
    private var lastStage: String?
    private var lastDrawn = -1.0
    private var drawn = false

    /// - Parameter loggedEvery: off a terminal, seconds between lines within one stage (never by
    ///   default: one line a stage).
    init(loggedEvery: Double = .infinity) {
        self.loggedEvery = loggedEvery
    }

    func show(_ progress: some MeasurementProgress) {
        if !terminal {
            guard progress.stage != lastStage || progress.elapsed - lastDrawn >= loggedEvery else { return }
            lastStage = progress.stage
            lastDrawn = progress.elapsed
            let done =
                progress.elapsed < 1
                ? ""
                : " (\(Self.percent(progress.fractionDone)) done in "
                    + "\(Duration.seconds(progress.elapsed))\(Self.left(progress.remaining)))"
            Terminal.standardError("… \(progress.stage)\(done)")
            return
        }
        // At most a few redraws a second; always when a new stage begins.
        guard progress.stage != lastStage || progress.elapsed - lastDrawn >= 0.25 else { return }
        lastStage = progress.stage
        lastDrawn = progress.elapsed
        let width = 24
        let filled = Int((progress.fractionDone * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let text =
            "\r\u{1B}[2K\(bar) \(Self.percent(progress.fractionDone)) │ \(progress.stage) "
            + "\(progress.index)/\(progress.count): \(Terminal.sanitized(progress.configuration)) │ "
            + "\(Duration.seconds(progress.elapsed))\(Self.left(progress.remaining))"
        StandardStreams.writeStandardError(text)
        drawn = true
    }

    func clear() {
        guard terminal, drawn else { return }
        StandardStreams.writeStandardError("\r\u{1B}[2K")
        drawn = false
    }

    static func percent(_ fraction: Double) -> String { "\(Int((fraction * 100).rounded(.down))) %" }

    static func left(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite else { return "" }
        return ", about \(Duration.seconds(seconds)) left"
    }
}
