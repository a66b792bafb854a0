import FootprintCore
import FootprintLab
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where the suite is, on stderr: on a terminal one line redrawn in place (a bar, the share of the
/// estimated work done, elapsed time and the time left at the pace so far); elsewhere one line
/// per experiment begun, so that a log shows progress without control characters.
final class ExperimentProgressLine {
    private let terminal = isatty(STDERR_FILENO) == 1
    private var lastExperiment: ExperimentName?
    private var lastDrawn = -1.0
    private var drawn = false

    func show(_ progress: ExperimentRunner.Progress) {
        if !terminal {
            guard progress.experiment != lastExperiment else { return }
            lastExperiment = progress.experiment
            let done =
                progress.elapsed < 1
                ? ""
                : " (\(Self.percent(progress.fractionDone)) of the suite done in "
                    + "\(Duration.seconds(progress.elapsed))\(Self.left(progress.remaining)))"
            Terminal.standardError("… \(progress.experiment.rawValue)\(done)")
            return
        }
        // At most a few redraws a second; always when a new experiment begins.
        guard progress.experiment != lastExperiment || progress.elapsed - lastDrawn >= 0.25 else { return }
        lastExperiment = progress.experiment
        lastDrawn = progress.elapsed
        let width = 24
        let filled = Int((progress.fractionDone * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let text =
            "\r\u{1B}[2K\(bar) \(Self.percent(progress.fractionDone)) │ \(progress.experiment.rawValue) "
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
