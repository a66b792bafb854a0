import FootprintCore
import FootprintModels
import Foundation

/// One piece of work an experiment asks an engine to do and the meter to measure: train a model
/// on a data set, or run it forward over one. The same value drives every engine; the PyTorch
/// engine receives it as JSON (the keys below), so that both engines run one protocol.
public struct Workload: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Mini-batch training for ``epochs`` epochs, or until ``targetAccuracy``; repeated from
        /// the start while it lasted less than ``minimumSeconds``.
        case train
        /// Forward passes over the training samples, ``epochs`` of them at least and for at least
        /// ``minimumSeconds``; accuracy is then taken on the test set, unmeasured.
        case inference
    }

    /// How the weights are held when running forward.
    public enum Storage: String, Sendable, Hashable, Codable {
        case float32
        /// Weights stored in 16 bits and widened for each pass (what a half-precision model moves).
        case float16
        /// Dense and conv weights in compressed sparse rows, zeros skipped.
        case csr
    }

    public var kind: Kind
    public var model: WorkloadModel
    public var data: DataRecipe
    /// Training epochs (at most, with a target accuracy), or the least number of inference passes.
    public var epochs: Int
    public var batch: Int
    public var optimizer: OptimizerSetting
    /// Seed of the weights and the batch order.
    public var seed: UInt64
    /// Start from the weights another workload of the same experiment kept under this key.
    public var initialWeights: String?
    /// Layers with weights kept fixed while training.
    public var freeze: Int
    /// Keep the weights this workload ends with under this key, for later workloads.
    public var keepWeights: String?
    /// Stop training once the test accuracy, checked after each epoch, reaches this (0 to 1).
    public var targetAccuracy: Double?
    /// Before running forward, prune this share of the weights by magnitude (0 to 1).
    public var sparsity: Double?
    public var storage: Storage
    /// Work is repeated until it has lasted this long, so that the meter resolves it: inference
    /// passes, or training run again from its start (the same initial weights, seed and target)
    /// as a whole; the outcome counts the runs (``WorkloadOutcome/runs``).
    public var minimumSeconds: Double

    public init(
        kind: Kind, model: WorkloadModel, data: DataRecipe, epochs: Int = 1, batch: Int = 32,
        optimizer: OptimizerSetting = .sgd(learningRate: 0.01), seed: UInt64 = 1, initialWeights: String? = nil,
        freeze: Int = 0, keepWeights: String? = nil, targetAccuracy: Double? = nil, sparsity: Double? = nil,
        storage: Storage = .float32, minimumSeconds: Double = 0
    ) {
        self.kind = kind
        self.model = model
        self.data = data
        self.epochs = epochs
        self.batch = batch
        self.optimizer = optimizer
        self.seed = seed
        self.initialWeights = initialWeights
        self.freeze = freeze
        self.keepWeights = keepWeights
        self.targetAccuracy = targetAccuracy
        self.sparsity = sparsity
        self.storage = storage
        self.minimumSeconds = minimumSeconds
    }

    enum CodingKeys: String, CodingKey {
        case kind, model, data, epochs, batch, optimizer, seed, freeze, sparsity, storage
        case initialWeights = "initial_weights"
        case keepWeights = "keep_weights"
        case targetAccuracy = "target_accuracy"
        case minimumSeconds = "minimum_seconds"
    }

    /// The unmeasured warm-up before a configuration's repeats: one epoch or one pass of the same
    /// work on the same data (first-touch page faults, cold caches, lazy initialisation in an
    /// engine), keeping no weights so that the measured repeats start as the plan says.
    public var warmUp: Workload {
        var warmUp = self
        warmUp.epochs = 1
        warmUp.targetAccuracy = nil
        warmUp.minimumSeconds = 0
        warmUp.keepWeights = nil
        return warmUp
    }

    /// A rough count of the floating-point work, to share a progress bar's time between
    /// workloads: forward FLOPs per sample × samples × (3 for training: forward and two
    /// backward products, 1 for inference), with a floor for the fixed costs of a small workload.
    /// A linear model's training costs a product with the data and one with its transpose per
    /// iteration (FISTA) or sweep (the Lasso).
    public var estimatedWork: Double {
        let samples = Double(data.trainSamples)
        let linear = 2 * Double(data.inputs * data.effectiveClasses)
        switch (model, kind) {
        case (.l1Logistic(_, let steps), .train), (.lasso(_, let steps), .train):
            return 2 * linear * Double(max(steps, 1)) * samples + 1e7
        case (.l1Logistic, .inference), (.lasso, .inference):
            return linear * Double(max(epochs, 1)) * samples + 1e7
        case (.network, _):
            let passes = Double(max(epochs, 1)) * (kind == .train ? 3 : 1)
            return max(model.forwardFLOPs, 1_000) * samples * passes + 1e7
        }
    }
}

/// The model a workload trains or runs.
public enum WorkloadModel: Sendable, Hashable, Codable {
    /// A network the lab builds from a model spec (dense, conv2d, pooling, flatten, activations).
    case network(ModelSpec)
    /// L1-regularised multinomial logistic regression by FISTA, `iterations` steps.
    case l1Logistic(lambda: Double, iterations: Int)
    /// The Lasso on one-hot targets by coordinate descent, `sweeps` passes.
    case lasso(lambda: Double, sweeps: Int)

    /// Forward FLOPs of one sample (a multiply-add is 2).
    public var forwardFLOPs: Double {
        switch self {
        case .network(let spec): (try? spec.analyze())?.forwardFLOPs ?? 0
        case .l1Logistic, .lasso: 0
        }
    }

    enum CodingKeys: String, CodingKey { case type, spec, lambda, iterations }
    enum Kind: String, Codable { case network, l1Logistic = "l1-logistic", lasso }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .type) {
        case .network:
            let text = try container.decode(String.self, forKey: .spec)
            do {
                self = .network(try SpecModel.labNetwork(parsing: Data(text.utf8)))
            } catch {
                throw DecodingError.dataCorruptedError(
                    forKey: .spec, in: container, debugDescription: error.message)
            }
        case .l1Logistic:
            self = .l1Logistic(
                lambda: try container.decode(Double.self, forKey: .lambda),
                iterations: try container.decode(Int.self, forKey: .iterations))
        case .lasso:
            self = .lasso(
                lambda: try container.decode(Double.self, forKey: .lambda),
                sweeps: try container.decode(Int.self, forKey: .iterations))
        }
    }

    /// A network's spec travels as the spec's own JSON text (`spec`), which every engine parses.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .network(let spec):
            try container.encode(Kind.network, forKey: .type)
            try container.encode(spec.jsonText, forKey: .spec)
        case .l1Logistic(let lambda, let iterations):
            try container.encode(Kind.l1Logistic, forKey: .type)
            try container.encode(lambda, forKey: .lambda)
            try container.encode(iterations, forKey: .iterations)
        case .lasso(let lambda, let sweeps):
            try container.encode(Kind.lasso, forKey: .type)
            try container.encode(lambda, forKey: .lambda)
            try container.encode(sweeps, forKey: .iterations)
        }
    }
}

/// The optimiser a training workload steps with.
public struct OptimizerSetting: Sendable, Hashable, Codable {
    public enum Name: String, Sendable, Hashable, Codable { case sgd, adam }
    public var name: Name
    public var learningRate: Double
    /// SGD's momentum (Adam ignores it).
    public var momentum: Double

    public static func sgd(learningRate: Double, momentum: Double = 0) -> OptimizerSetting {
        OptimizerSetting(name: .sgd, learningRate: learningRate, momentum: momentum)
    }

    public static func adam(learningRate: Double) -> OptimizerSetting {
        OptimizerSetting(name: .adam, learningRate: learningRate, momentum: 0)
    }

    enum CodingKeys: String, CodingKey {
        case name, momentum
        case learningRate = "learning_rate"
    }
}
