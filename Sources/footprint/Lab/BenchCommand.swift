import ArgumentParser
import Foundation
import FootprintCore
import FootprintLab

extension LabCommand {
    /// `footprint lab bench`: the engine's speed, beside PyTorch's when it is installed.
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Training and inference speed of fully connected ReLU networks and a small conv net, with the "
                + "same arguments and measurement as shared/bench/torch_reference.py; runs it too when PyTorch imports.")

        @Option(help: "Synthetic training samples.") var samples: Int = 10_000
        @Option(help: "Epochs.") var epochs: Int = 2
        @Option(help: "Mini-batch size.") var batch: Int = 32
        @OptionGroup var engine: EngineOptions
        @Option(help: "Inputs per sample.") var inputs: Int = 64
        @Option(help: "Configurations DEPTHxWIDTH, comma-separated.") var configs: String = "10x25,10x100,50x50,170x25,170x100,3x512"
        @Option(help: ArgumentHelp("The PyTorch reference script.", valueName: "path"))
        var reference: String = "../shared/bench/torch_reference.py"
        @Flag(help: "Print JSON lines only.") var json = false

        func run() throws {
            guard samples >= batch, batch > 0, epochs > 0, inputs > 0 else {
                throw InvalidInput("--samples must be at least --batch, and --batch, --epochs and --inputs at least 1")
            }
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
                var figures = try Benchmark.run(.mlp(inputs: inputs, depth: depth, width: width, classes: 10), data: data,
                                                epochs: epochs, batch: batch, seed: 0, gemm: gemm)
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
                var figures = try Benchmark.run(cnn, data: data, epochs: epochs, batch: batch, seed: 0, gemm: gemm)
                figures.threads = engine.threads
                try emit(figures)
            }
            let torch = runReference()
            guard !torch.isEmpty else {
                if !json { Terminal.standardError("PyTorch is not importable here (or \(reference) is missing): no ratios.") }
                return
            }
            for line in torch { print(line) }
            if json { return }
            for line in torch {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let depth = object["depth"] as? Int, let width = object["width"] as? Int,
                      let train = object["train_samples_per_s"] as? Double,
                      let mine = ours.first(where: { $0.depth == depth && $0.width == width }) else { continue }
                print("\(depth)x\(width): footprint trains at \(Format.significant(mine.trainSamplesPerS / train))× PyTorch's speed")
            }
        }

        func emit(_ figures: Benchmark.Figures) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(figures), as: UTF8.self))
        }

        /// The reference script's JSON lines, or none when PyTorch does not import.
        func runReference() -> [String] {
            guard FileManager.default.fileExists(atPath: reference) else { return [] }
            let check = Process()
            check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            check.arguments = ["python3", "-c", "import torch"]
            check.standardError = FileHandle.nullDevice
            guard (try? check.run()) != nil else { return [] }
            check.waitUntilExit()
            guard check.terminationStatus == 0 else { return [] }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", reference, "--samples", "\(samples)", "--epochs", "\(epochs)", "--batch", "\(batch)",
                                 "--threads", "\(engine.threads)", "--inputs", "\(inputs)", "--configs", configs]
            let pipe = Pipe()
            process.standardOutput = pipe
            guard (try? process.run()) != nil else { return [] }
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init)
        }
    }
}
