import ArgumentParser
import Foundation
import FootprintCore
import FootprintLab

extension LabCommand {
    /// `footprint lab bench`: the engine's speed, beside PyTorch's when it is installed.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Training and inference speed of fully connected ReLU networks and a small conv net, with the "
                + "same arguments and measurement as shared/bench/torch_reference.py; runs it, and a conv-net script, when PyTorch imports.")

        @Option(help: "Synthetic training samples.") var samples: Int = 10_000
        @Option(help: "Epochs.") var epochs: Int = 2
        @Option(help: "Mini-batch size.") var batch: Int = 32
        @OptionGroup var engine: EngineOptions
        @Option(help: "Inputs per sample (the conv net runs only at 64, read as 1×8×8 images).") var inputs: Int = 64
        @Option(help: "Configurations DEPTHxWIDTH, comma-separated.") var configs: String = "10x25,10x100,50x50,170x25,170x100,3x512"
        @Option(help: ArgumentHelp("The PyTorch reference script.", valueName: "path"))
        var reference: String = "../shared/bench/torch_reference.py"
        @Option(help: ArgumentHelp("The PyTorch script for the conv net.", valueName: "path"))
        var convReference: String = "Benchmarks/lab/torch_conv.py"
        @Option(help: ArgumentHelp("The Python interpreter with PyTorch (a virtual environment's, say).", valueName: "path"))
        var python: String = "python3"
        @Option(help: "Runs of every configuration, on both sides; each figure is the median (shared and virtual machines vary from run to run).")
        var repeats: Int = 1
        @Flag(help: "Print JSON lines only.") var json = false

        func run() throws {
            guard samples >= batch, batch > 0, epochs > 0, inputs > 0 else {
                throw InvalidInput("--samples must be at least --batch, and --batch, --epochs and --inputs at least 1")
            }
            guard (1...99).contains(repeats) else { throw InvalidInput("--repeats must be from 1 to 99; got \(repeats)") }
            let shapes = try configs.split(separator: ",").map { text -> (Int, Int) in
                let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
                guard parts.count == 2, parts[0] >= 0, parts[1] > 0 else {
                    throw InvalidInput("--configs takes DEPTHxWIDTH items, e.g. 10x25,3x512; got '\(text)'")
                }
                return (parts[0], parts[1])
            }
            let gemm = try engine.backend()
            let data = Dataset.synthetic(samples: samples, inputs: inputs, seed: 0)
            var ours: [Benchmark.Figures] = []
            for (depth, width) in shapes {
                var figures = try measure(.mlp(inputs: inputs, depth: depth, width: width, classes: 10), data: data, gemm: gemm)
                (figures.depth, figures.width) = (depth, width)
                figures.threads = engine.threads
                ours.append(figures)
                try emit(figures)
            }
            if inputs == 64 {
                // The small conv net: the digits CNN on 1×8×8 synthetic images.
                let cnn = ModelSpec(name: "conv-8x8", input: [1, 8, 8], layers: [
                    .conv2d(filters: 8, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.relu),
                    .maxPool2d(size: 2, stride: 2),
                    .conv2d(filters: 16, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.relu),
                    .flatten, .dense(units: 10, bias: true), .softmax,
                ])
                var figures = try measure(cnn, data: data, gemm: gemm)
                figures.threads = engine.threads
                ours.append(figures)
                try emit(figures)
            }
            compare(ours, with: PyTorchReference(python: python, threads: engine.threads))
        }

        /// The median of `repeats` runs of one model (each run is seeded the same; only time varies).
        func measure(_ spec: ModelSpec, data: Dataset, gemm: any GEMMBackend) throws -> Benchmark.Figures {
            let runs = try (0..<repeats).map { _ in
                try Benchmark.run(spec, data: data, epochs: epochs, batch: batch, seed: 0, gemm: gemm)
            }
            var figures = runs[0]
            figures.trainSamplesPerS = Benchmark.median(runs.map(\.trainSamplesPerS))
            figures.inferSamplesPerS = Benchmark.median(runs.map(\.inferSamplesPerS))
            return figures
        }

        /// Runs the PyTorch scripts with the same arguments and prints their lines and the ratios.
        func compare(_ ours: [Benchmark.Figures], with peer: PyTorchReference) {
            guard peer.importsTorch() else {
                if !json { Terminal.standardError("PyTorch does not import with \(python): no ratios (--python names another interpreter).") }
                return
            }
            let shared = ["--samples", "\(samples)", "--epochs", "\(epochs)", "--batch", "\(batch)"]
            var lines: [PyTorchReference.Figures] = []
            for _ in 0..<repeats {
                lines += peer.figures(script: reference, arguments: shared + ["--inputs", "\(inputs)", "--configs", configs])
                if inputs == 64 { lines += peer.figures(script: convReference, arguments: shared) }
            }
            let torch = PyTorchReference.medians(lines)
            guard !torch.isEmpty else {
                Terminal.standardError("PyTorch imports, but \(reference) printed nothing to compare with.")
                return
            }
            if json {
                for figures in lines { print(figures.line) }
            } else {
                print("\nfootprint (\(ours.first?.engine ?? "")) against \(torch[0].engine), \(engine.threads) thread(s) each, samples/s:")
            }
            var table = TextTable(["model", "train", "PyTorch", "×", "infer", "PyTorch", "×"],
                                  alignments: [.left, .right, .right, .right, .right, .right, .right])
            for mine in ours {
                guard let theirs = torch.first(where: { $0.model == mine.model || ($0.depth != nil && $0.depth == mine.depth && $0.width == mine.width) })
                else { continue }
                let train = mine.trainSamplesPerS / theirs.trainSamplesPerS, infer = mine.inferSamplesPerS / theirs.inferSamplesPerS
                if json {
                    print(#"{"model":"\#(mine.model)","peer":"\#(theirs.engine)","train_ratio":\#(rounded(train)),"infer_ratio":\#(rounded(infer))}"#)
                }
                table.add([mine.model, Format.significant(mine.trainSamplesPerS), Format.significant(theirs.trainSamplesPerS),
                           Format.fixed(train, decimals: 2), Format.significant(mine.inferSamplesPerS),
                           Format.significant(theirs.inferSamplesPerS), Format.fixed(infer, decimals: 2)])
            }
            if !json { print(table.render()) }
        }

        private func rounded(_ ratio: Double) -> Double { (ratio * 1000).rounded() / 1000 }

        /// One JSON line with --json, otherwise a line for people.
        func emit(_ figures: Benchmark.Figures) throws {
            guard json else {
                return print("\(figures.model.padding(toLength: 14, withPad: " ", startingAt: 0)) train "
                    + "\(Format.significant(figures.trainSamplesPerS)) samples/s, infer \(Format.significant(figures.inferSamplesPerS)) samples/s")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
        }
    }
}
