import FootprintCore
import FootprintLab
import FootprintMeter

/// The ranges of the lab's options, documented in their help and the README, and checked before
/// any data set or network is allocated.
enum LabBounds {
    /// Hidden layers of an `--mlp` or `--configs` network: 0 to 1,000.
    static let depth = 0...1_000
    /// Units per hidden layer: 1 to 1,000,000,000, as a model spec's; memory decides the rest.
    static let width = 1...ModelSpec.maximumDimension
    /// Epochs, FISTA iterations or Lasso sweeps: 1 to 100,000.
    static let epochs = 1...100_000
    /// Mini-batch size: 1 to 65,536.
    static let batch = 1...65_536
    /// Samples of the synthetic data set: 2 to 10,000,000 (lab bench: 1 up).
    static let samples = 2...10_000_000
    /// Inputs per synthetic sample: 1 to 100,000.
    static let inputs = 1...100_000
    /// Learning rate: 1e-8 to 10.
    static let learningRate = 1e-8...10.0
    /// L1 strength λ of the sparse models: 0 to 1,000.
    static let lambda = 0.0...1_000.0

    /// The engine options `lab experiment` and `lab calibrate` share: a device of cpu or cuda, and
    /// `--python` and `--device cuda` only with the PyTorch engine.
    static func checkEngine(_ engine: ExperimentEngine, python: String?, device: String) throws {
        guard ["cpu", "cuda"].contains(device) else {
            throw InvalidInput("--device must be cpu or cuda; got '\(Format.clipped(device, to: 20))'")
        }
        guard engine == .lab else { return }
        guard python == nil else { throw InvalidInput("--python is for --engine pytorch") }
        guard device == "cpu" else {
            throw InvalidInput("--device cuda is for --engine pytorch: the lab engine runs on the CPU")
        }
    }

    /// A whole-number option within `range`.
    static func check(_ value: Int, _ range: ClosedRange<Int>, _ flag: String) throws {
        guard range.contains(value) else {
            throw InvalidInput(
                "\(flag) must be a whole number from \(grouped(range.lowerBound)) to \(grouped(range.upperBound)); got \(value)"
            )
        }
    }

    /// A number option within `range` (NaN and infinity are outside every range).
    static func check(_ value: Double, _ range: ClosedRange<Double>, _ flag: String) throws {
        guard value.isFinite, range.contains(value) else {
            throw InvalidInput(
                "\(flag) must be a number from \(Format.significant(range.lowerBound)) to "
                    + "\(Format.significant(range.upperBound)); got \(Format.significant(value))")
        }
    }

    /// DEPTHxWIDTH, e.g. "2x128", each within its range.
    static func shape(_ text: some StringProtocol, flag: String, example: String) throws -> (depth: Int, width: Int) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let depth = Int(parts[0]), let width = Int(parts[1]) else {
            throw InvalidInput("\(flag) takes DEPTHxWIDTH, e.g. \(example); got '\(text)'")
        }
        guard self.depth.contains(depth), self.width.contains(width) else {
            throw InvalidInput(
                "\(flag) takes DEPTHxWIDTH with a depth from 0 to 1,000 and a width from 1 to 1,000,000,000; got '\(text)'"
            )
        }
        return (depth, width)
    }

    /// Refuses a model whose training would not fit in this machine's available memory.
    static func checkMemory(
        _ analysis: ModelAnalysis, batch: Int, optimizerMoments: Int, samples: Int, inputs: Int,
        extraCopies: Int = 0
    ) throws {
        guard let available = AvailableMemory.read() else { return }
        try withMemoryAdvice {
            try TrainingMemory(
                analysis, batch: batch, optimizerMoments: optimizerMoments, samples: samples, inputs: inputs,
                extraCopies: extraCopies
            )
            .check(model: analysis.spec.name, batch: batch, against: available)
        }
    }

    /// Runs a memory check, adding to a refusal which options make the work smaller.
    static func withMemoryAdvice(_ check: () throws -> Void) throws {
        do {
            try check()
        } catch let error as InvalidInput where error.reason == .tooLarge {
            throw InvalidInput(.tooLarge, error.message + ": choose a smaller model, --batch or data set")
        }
    }

    private static func grouped(_ value: Int) -> String { Format.fixed(Double(value), decimals: 0) }
}
