import FootprintCore

/// Mini-batch training with a seeded shuffle every epoch, and evaluation.
public struct Trainer {
    /// What a training run produced.
    public struct Result: Sendable {
        /// Mean training loss of each epoch.
        public var epochLosses: [Float]
        public var testLoss: Float
        public var testAccuracy: Double
        public var trainingSeconds: Double
        public var samplesPerSecond: Double
        public var parameters: Int
        /// Share of weights that are not zero (1 for a dense network until it is pruned).
        public var nonzeroFraction: Double
    }

    public var epochs: Int
    public var batchSize: Int
    public var seed: UInt64

    /// What the inputs are called in errors (``InvalidInput/subject``), for a front end to name its own.
    public enum Subject {
        public static let epochs = "epochs"
        public static let batchSize = "batch size"
    }

    /// - Throws: ``InvalidInput`` (``InvalidInput/Reason/outOfBounds``, naming a ``Subject``) for
    ///   fewer than one epoch or sample per batch.
    public init(epochs: Int, batchSize: Int, seed: UInt64) throws(InvalidInput) {
        guard epochs > 0 else {
            throw InvalidInput(.outOfBounds, subject: Subject.epochs, "must be 1 or more; got \(epochs)")
        }
        guard batchSize > 0 else {
            throw InvalidInput(.outOfBounds, subject: Subject.batchSize, "must be 1 or more; got \(batchSize)")
        }
        self.epochs = epochs
        self.batchSize = batchSize
        self.seed = seed
    }

    /// Trains `network` on `train` with `optimizer`, then evaluates on `test`. Each epoch runs inside
    /// `eachEpoch(k, epoch)` (k from 1), for a caller that marks epochs as tasks.
    public func train(
        _ network: Network, on train: Dataset, test: Dataset, optimizer: any Optimizer,
        eachEpoch: (_ epoch: Int, _ body: () -> Void) -> Void = { $1() }
    ) -> Result {
        var schedule = EpochSchedule(trainer: self, samples: train.count)
        var losses: [Float] = []
        let start = monotonicSeconds()
        for epoch in 1...epochs {
            eachEpoch(epoch) { losses.append(schedule.trainEpoch(network, on: train, optimizer: optimizer)) }
        }
        let seconds = monotonicSeconds() - start
        let (loss, accuracy) = evaluate(network, on: test)
        let weights = network.parameters.flatMap { $0.value.storage.prefix($0.count) }
        return Result(
            epochLosses: losses, testLoss: loss, testAccuracy: accuracy, trainingSeconds: seconds,
            samplesPerSecond: Double(train.count * epochs) / max(seconds, 1e-9),
            parameters: network.parameterCount,
            nonzeroFraction: weights.isEmpty ? 0 : Double(weights.filter { $0 != 0 }.count) / Double(weights.count))
    }

    /// The batch order of successive epochs: a seeded shuffle of the previous epoch's order, so
    /// that training epoch by epoch (to stop at a target accuracy, or when asked to) visits the
    /// samples exactly as ``train(_:on:test:optimizer:)`` does.
    public struct EpochSchedule {
        let batchSize: Int
        var random: SeededRandom
        var order: [Int]
        let batch: Buffer
        var labels: [Int32]

        public init(trainer: Trainer, samples: Int) {
            batchSize = trainer.batchSize
            random = SeededRandom(seed: trainer.seed ^ 0x5EED)
            order = Array(0..<samples)
            batch = Buffer(rows: trainer.batchSize, columns: 0)
            labels = [Int32](repeating: 0, count: trainer.batchSize)
        }

        /// One epoch of mini-batch steps over `train` (whose size the schedule was made for);
        /// returns the epoch's mean training loss.
        public mutating func trainEpoch(_ network: Network, on train: Dataset, optimizer: any Optimizer) -> Float {
            order.shuffle(using: &random)
            // Which layers train does not change within an epoch: the list is made once, not per step.
            let trainable = network.trainableParameters
            var total: Float = 0, batches = 0
            var offset = 0
            while offset < order.count {
                let size = min(batchSize, order.count - offset)
                Trainer.gather(train, order[offset..<offset + size], into: batch, labels: &labels)
                total += network.lossAndGradients(batch, labels: labels[0..<size])
                optimizer.step(trainable)
                batches += 1
                offset += size
            }
            return total / Float(max(batches, 1))
        }
    }

    /// Mean loss and accuracy over a data set; `forward` replaces the network's own forward pass
    /// (half-precision weights, say).
    public func evaluate(
        _ network: Network, on data: Dataset, forward: ((Buffer) -> Buffer)? = nil
    )
        -> (loss: Float, accuracy: Double)
    {
        let batch = Buffer(rows: batchSize, columns: data.inputs)
        var labels = [Int32](repeating: 0, count: batchSize)
        var correct = 0
        var total: Float = 0
        var offset = 0
        while offset < data.count {
            let size = min(batchSize, data.count - offset)
            Self.gather(data, offset..<offset + size, into: batch, labels: &labels)
            let logits = forward?(batch) ?? network.forward(batch)
            total += network.lossFunction.loss(logits, labels: labels[0..<size]) * Float(size)
            for row in 0..<size {
                var best = 0
                for c in 1..<logits.columns where logits.matrix[row, c] > logits.matrix[row, best] { best = c }
                if Int32(best) == labels[row] { correct += 1 }
            }
            offset += size
        }
        return (total / Float(max(data.count, 1)), Double(correct) / Double(max(data.count, 1)))
    }

    /// Copies the samples at `indices` into the batch buffer.
    static func gather<C: Collection>(_ data: Dataset, _ indices: C, into batch: Buffer, labels: inout [Int32])
    where C.Element == Int {
        let width = data.inputs
        batch.matrix.resize(rows: indices.count, columns: width)
        data.features.storage.withUnsafeBufferPointer { src in
            batch.matrix.storage.withUnsafeMutableBufferPointer { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for (row, index) in indices.enumerated() {
                    (d + row * width).update(from: s + index * width, count: width)
                    labels[row] = data.labels[index]
                }
            }
        }
    }
}
