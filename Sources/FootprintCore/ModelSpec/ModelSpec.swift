import Foundation

/// A sequential network of the lab's layers, for training in the lab and its per-layer analysis.
/// Specs in JSON are read by FootprintModels' `SpecModel`, the one reader of the format, whose
/// `labNetwork` is this value; ``jsonText`` writes it back in the sequential form:
///
/// ```json
/// {
///   "name": "digits-cnn",
///   "input": [1, 8, 8],
///   "layers": [
///     {"type": "conv2d", "filters": 8, "kernel": 3, "padding": "same", "activation": "relu"},
///     {"type": "maxpool2d", "size": 2},
///     {"type": "flatten"},
///     {"type": "dense", "units": 10},
///     {"type": "softmax"}
///   ]
/// }
/// ```
///
/// `input` is the shape of one sample: `[features]`, `[channels, height, width]`, `[sequence]` of
/// token ids (before an embedding) or `[sequence, features]`. An `activation` key on a dense or
/// conv2d layer adds that activation as the next layer.
public struct ModelSpec: Sendable, Hashable {
    /// The model's name.
    public var name: String
    /// The shape of one input sample.
    public var input: [Int]
    /// The layers in order, activations expanded.
    public var layers: [Layer]

    /// Creates a spec; ``analyze()`` checks that the shapes fit together.
    public init(name: String, input: [Int], layers: [Layer]) {
        self.name = name
        self.input = input
        self.layers = layers
    }

    /// The largest size a spec may give a dimension, a layer's units or filters, a kernel.
    public static let maximumDimension = 1_000_000_000

    /// A fully connected ReLU network: `depth` hidden layers of `width` units, as the lab's
    /// `--mlp DEPTHxWIDTH` and the experiments of Gitzel et al. 2023 use.
    public static func mlp(inputs: Int, depth: Int, width: Int, classes: Int) -> ModelSpec {
        var layers: [Layer] = []
        for _ in 0..<depth { layers += [.dense(units: width, bias: true), .activation(.relu)] }
        layers += [.dense(units: classes, bias: true), .softmax]
        return ModelSpec(name: "mlp-\(depth)x\(width)", input: [inputs], layers: layers)
    }
}

/// A model spec that cannot be read, does not fit together, or is too large to count.
public struct ModelSpecError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, to match on.
    public enum Reason: Sendable, Equatable {
        /// The file cannot be read.
        case unreadable
        /// The file is not JSON; the message gives the line and column.
        case syntax
        /// A key is missing or a value is of the wrong kind or out of range; the message quotes it.
        case invalidValue
        /// A layer does not take the shape the layer before it gives.
        case shapeMismatch
        /// A count (values, parameters) exceeds ``ModelAnalysis/countLimit``.
        case tooLarge
        /// The lab cannot train this model (yet).
        case notTrainable
    }

    /// What is wrong.
    public let reason: Reason
    /// The message for the user.
    public let message: String
    /// Creates an error with a message for the user.
    public init(_ message: String, reason: Reason = .invalidValue) {
        self.reason = reason
        self.message = message
    }
    public var description: String { message }
}
