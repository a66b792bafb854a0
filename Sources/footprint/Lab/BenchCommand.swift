import ArgumentParser
import FootprintCore
import FootprintLab
import Foundation

extension LabCommand {
    /// `footprint lab bench`: the engine's speed, beside PyTorch's when it is installed.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract:
                "Training and inference speed of fully connected ReLU networks and a small conv net, beside PyTorch's "
                + "in the same run when PyTorch imports.",
            discussion: """
                The PyTorch side is a script compiled into footprint (Sources/FootprintLab/Resources/torch_reference.py \
                in the repository), written to a temporary file and run with --python: both sides train the same \
                networks on the same synthetic data with plain SGD at lr 0.01, batches in order, and time training \
                and inference the same way.
                """)

        @Option(help: "Synthetic training samples, 1 to 10,000,000 and at least --batch.") var samples: Int = 10_000
        @Option(help: "Epochs, 1 to 100,000.") var epochs: Int = 2
        @Option(help: "Mini-batch size, 1 to 65,536.") var batch: Int = 32
        @OptionGroup var engine: EngineOptions
        @Option(help: "Inputs per sample, 1 to 100,000 (the conv net runs only at 64, read as 1×8×8 images).")
        var inputs: Int = 64
        @Option(
            help:
                "Configurations DEPTHxWIDTH, comma-separated: depth 0 to 1,000, width 1 to 1,000,000,000, each within the memory available."
        )
        var configs: String = "10x25,10x100,50x50,170x25,170x100,3x512"
        @Option(
            help: ArgumentHelp(
                "A PyTorch script to run instead of the built-in one (same arguments, same JSON lines).",
                valueName: "path"))
        var reference: String?
        @Option(
            help: ArgumentHelp(
                "The Python interpreter with PyTorch (a virtual environment's, say): an executable file, "
                    + "or a name on PATH; checked before anything runs (default: python3, skipped when absent).",
                valueName: "path"))
        var python: String?
        @Option(
            help:
                "Runs of every configuration, on both sides, 1 to 99; each figure is the median (shared and virtual machines vary from run to run)."
        )
        var repeats: Int = 1
        @Flag(help: "Print JSON lines only.") var json = false

        func run() throws {
            try LabBounds.check(samples, 1...LabBounds.samples.upperBound, "--samples")
            try LabBounds.check(epochs, LabBounds.epochs, "--epochs")
            try LabBounds.check(batch, LabBounds.batch, "--batch")
            try LabBounds.check(inputs, LabBounds.inputs, "--inputs")
            guard samples >= batch else {
                throw InvalidInput("--samples must be at least --batch (\(batch)); got \(samples)")
            }
            guard (1...99).contains(repeats) else {
                throw InvalidInput("--repeats must be from 1 to 99; got \(repeats)")
            }
            var isFolder: ObjCBool = false
            if let reference,
                !FileManager.default.fileExists(atPath: reference, isDirectory: &isFolder) || isFolder.boolValue
            {
                throw InvalidInput(
                    "--reference: no file at \(reference); leave it out to use the built-in PyTorch script")
            }
            if let reference {
                do { try FileProblem.refuseIrregular(reference) } catch {
                    throw InvalidInput("--reference: \(error.statement)")
                }
            }
            // A named interpreter that cannot run is refused now, not after the whole Swift side has run;
            // the default python3 missing only means no PyTorch side.
            if let python {
                try PyTorchReference.checkInterpreter(python)
            }
            let shapes = try configs.split(separator: ",", omittingEmptySubsequences: false).map { text in
                try LabBounds.shape(text, flag: "--configs", example: "10x25,3x512")
            }
            // Every configuration is checked against the memory available before the first runs.
            for (depth, width) in shapes {
                let analysis = try ModelSpec.mlp(inputs: inputs, depth: depth, width: width, classes: 10).analyze()
                try LabBounds.checkMemory(analysis, batch: batch, optimizerMoments: 0, samples: samples, inputs: inputs)
            }
            let gemm = try engine.backend()
            let data = Dataset.synthetic(samples: samples, inputs: inputs, seed: 0)
            var ours: [Benchmark.Figures] = []
            for (depth, width) in shapes {
                var figures = try measure(
                    .mlp(inputs: inputs, depth: depth, width: width, classes: 10), data: data, gemm: gemm)
                (figures.depth, figures.width) = (depth, width)
                figures.threads = engine.threads
                ours.append(figures)
                try emit(figures)
            }
            if inputs == 64 {
                // The small conv net: the digits CNN on 1×8×8 synthetic images.
                let cnn = ModelSpec(
                    name: "conv-8x8", input: [1, 8, 8],
                    layers: [
                        .conv2d(filters: 8, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.relu),
                        .maxPool2d(size: 2, stride: 2),
                        .conv2d(filters: 16, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.relu),
                        .flatten, .dense(units: 10, bias: true), .softmax
                    ])
                var figures = try measure(cnn, data: data, gemm: gemm)
                figures.threads = engine.threads
                ours.append(figures)
                try emit(figures)
            }
            try compare(ours, with: PyTorchReference(python: python ?? "python3", threads: engine.threads))
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

        /// Runs the PyTorch script with the same arguments and prints its lines and the ratios.
        func compare(_ ours: [Benchmark.Figures], with peer: PyTorchReference) throws {
            guard peer.importsTorch() else {
                if !json {
                    Terminal.standardError(
                        "PyTorch does not import with \(peer.python): no ratios (--python names another interpreter).")
                }
                return
            }
            let script: String
            if let reference {
                script = reference
            } else {
                do {
                    script = try ReferenceScript.writePyTorch()
                } catch {
                    throw CommandFailure(
                        message:
                            "cannot write the PyTorch script to the temporary folder: \((error as NSError).localizedDescription)"
                    )
                }
            }
            defer { if reference == nil { try? FileManager.default.removeItem(atPath: script) } }
            let arguments =
                [
                    "--samples", "\(samples)", "--epochs", "\(epochs)", "--batch", "\(batch)", "--inputs", "\(inputs)",
                    "--configs", configs
                ] + (inputs == 64 ? ["--conv"] : [])
            var lines: [PyTorchReference.Figures] = []
            for _ in 0..<repeats { lines += peer.figures(script: script, arguments: arguments) }
            let torch = PyTorchReference.medians(lines)
            guard !torch.isEmpty else {
                Terminal.standardError(
                    "PyTorch imports, but \(reference ?? "the PyTorch script") printed nothing to compare with.")
                return
            }
            if json {
                for figures in lines { print(figures.line) }
            } else {
                print(
                    "\nfootprint (\(ours.first?.engine ?? "")) against \(torch[0].engine), \(engine.threads) thread(s) each, samples/s:"
                )
            }
            var table = TextTable(
                ["model", "train", "PyTorch", "×", "infer", "PyTorch", "×"],
                alignments: [.left, .right, .right, .right, .right, .right, .right])
            for mine in ours {
                guard
                    let theirs = torch.first(where: {
                        $0.model == mine.model || ($0.depth != nil && $0.depth == mine.depth && $0.width == mine.width)
                    })
                else { continue }
                let train = mine.trainSamplesPerS / theirs.trainSamplesPerS,
                    infer = mine.inferSamplesPerS / theirs.inferSamplesPerS
                if json {
                    print(
                        #"{"model":"\#(mine.model)","peer":"\#(theirs.engine)","train_ratio":\#(rounded(train)),"infer_ratio":\#(rounded(infer))}"#
                    )
                }
                table.add([
                    mine.model, Format.significant(mine.trainSamplesPerS), Format.significant(theirs.trainSamplesPerS),
                    Format.fixed(train, decimals: 2), Format.significant(mine.inferSamplesPerS),
                    Format.significant(theirs.inferSamplesPerS), Format.fixed(infer, decimals: 2)
                ])
            }
            if !json { print(table.render()) }
        }

        private func rounded(_ ratio: Double) -> Double { (ratio * 1000).rounded() / 1000 }

        /// One JSON line with --json, otherwise a line for people.
        func emit(_ figures: Benchmark.Figures) throws {
            guard json else {
                return print(
                    "\(figures.model.padding(toLength: 14, withPad: " ", startingAt: 0)) train "
                        + "\(Format.significant(figures.trainSamplesPerS)) samples/s, infer \(Format.significant(figures.inferSamplesPerS)) samples/s"
                )
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
        }
    }
}
