/// The loss a network is trained on, computed from its outputs and the class labels, with the
/// gradient of the batch's mean loss kept for back-propagation.
public protocol LossFunction: AnyObject {
    /// Filled by ``loss(_:labels:)`` with ∂loss/∂outputs, one row per sample.
    var gradient: Buffer { get }
    /// Mean loss over the batch.
    func loss(_ outputs: Buffer, labels: ArraySlice<Int32>) -> Float
}

/// The losses the lab trains with, by the names the command line uses.
public enum LossKind: String, Sendable, CaseIterable {
    /// Softmax cross-entropy on the logits: the usual classification loss.
    case crossEntropy = "cross-entropy"
    /// Mean squared error against one-hot targets.
    case meanSquaredError = "mse"

    /// A fresh loss of this kind (each network owns its own gradient buffer).
    public func make() -> any LossFunction {
        switch self {
        case .crossEntropy: SoftmaxCrossEntropy()
        case .meanSquaredError: MeanSquaredError()
        }
    }
}
