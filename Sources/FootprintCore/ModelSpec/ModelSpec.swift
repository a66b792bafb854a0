import Foundation

/// A sequential network described in a small JSON file, for estimation now and training in the lab.
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

    /// Reads a spec from a file.
    public static func load(path: String) throws(ModelSpecError) -> ModelSpec {
        let data: Data
        do {
            data = try FileProblem.read(path)
        } catch {
            // What is wrong with the path, in FileProblem's words ("NSCocoaErrorDomain error 256" otherwise).
            let problem = FileProblem(error, path: path, access: .read)
            throw ModelSpecError(
                "cannot read model spec \(path): \(problem.explanation)"
                    + (problem.reason == .isDirectory
                        ? "; give a model spec file (JSON), e.g. Examples/digits-mlp.json" : ""),
                reason: .unreadable)
        }
        do {
            return try parse(data)
        } catch {
            throw ModelSpecError("\(path): \(error.message)", reason: error.reason)
        }
    }

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
