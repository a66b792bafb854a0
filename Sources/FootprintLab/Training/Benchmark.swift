import FootprintCore

/// Training and inference throughput measured as the built-in PyTorch script (`Resources/torch_reference.py`) measures it:
/// batches in order, plain SGD at lr 0.01, then forward passes over the same batches.
public enum Benchmark {
    public struct Figures: Sendable, Encodable {
        public var engine: String
        public var model: String
        public var depth: Int?, width: Int?
        public var batch: Int, threads: Int
        public var trainSamplesPerS: Double
        public var inferSamplesPerS: Double
        public var finalLoss: Float

        enum CodingKeys: String, CodingKey {
            case engine, model, depth, width, batch, threads
            case trainSamplesPerS = "train_samples_per_s", inferSamplesPerS = "infer_samples_per_s", finalLoss =
                "final_loss"
        }
    }

    public static func run(
        _ spec: ModelSpec, data: Dataset, epochs: Int, batch: Int, seed: UInt64,
        gemm: any GEMMBackend = SwiftGEMM()
    ) throws(ModelSpecError) -> Figures {
        let network = try Network.from(spec, seed: seed, gemm: gemm)
        let optimizer = SGD(learningRate: 0.01)
        let buffer = Buffer(rows: batch, columns: data.inputs)
        var labels = [Int32](repeating: 0, count: batch)
        var loss: Float = 0
        var start = monotonicSeconds()
        for _ in 0..<epochs {
            var offset = 0
            while offset < data.count {
                let size = min(batch, data.count - offset)
                Trainer.gather(data, offset..<offset + size, into: buffer, labels: &labels)
                loss = network.lossAndGradients(buffer, labels: labels[0..<size])
                optimizer.step(network.parameters)
                offset += size
            }
        }
        let train = monotonicSeconds() - start
        start = monotonicSeconds()
        for _ in 0..<epochs {
            var offset = 0
            while offset < data.count {
                let size = min(batch, data.count - offset)
                Trainer.gather(data, offset..<offset + size, into: buffer, labels: &labels)
                _ = network.forward(buffer)
                offset += size
            }
        }
        let infer = monotonicSeconds() - start
        let samples = Double(data.count * epochs)
        return Figures(
            engine: "footprint-\(gemm.name)", model: spec.name, depth: nil, width: nil, batch: batch, threads: 1,
            trainSamplesPerS: samples / max(train, 1e-9), inferSamplesPerS: samples / max(infer, 1e-9), finalLoss: loss)
    }

    /// The median of several runs' rates: the figure to compare on a machine whose speed drifts.
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
