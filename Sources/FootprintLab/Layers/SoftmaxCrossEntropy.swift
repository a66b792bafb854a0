import Foundation

/// Softmax over each row of logits with the cross-entropy loss against class labels, fused so the
/// gradient is simply (softmax − one-hot) / batch and numerically stable.
public final class SoftmaxCrossEntropy: LossFunction {
    public let gradient = Buffer()

    public init() {}

    /// Mean loss over the batch; fills ``gradient`` with ∂loss/∂logits.
    public func loss(_ logits: Buffer, labels: ArraySlice<Int32>) -> Float {
        let batch = logits.rows, classes = logits.columns
        gradient.matrix.resize(rows: batch, columns: classes)
        var total: Float = 0
        logits.matrix.storage.withUnsafeBufferPointer { zs in
            gradient.matrix.storage.withUnsafeMutableBufferPointer { gs in
                guard let zBase = zs.baseAddress, let gBase = gs.baseAddress else { return }
                for (row, label) in zip(0..<batch, labels) {
                    let z = zBase + row * classes, g = gBase + row * classes
                    var peak = -Float.infinity
                    for j in 0..<classes { peak = max(peak, z[j]) }
                    var sum: Float = 0
                    for j in 0..<classes {
                        g[j] = exp(z[j] - peak)
                        sum += g[j]
                    }
                    total += log(sum) - (z[Int(label)] - peak)
                    let scale = 1 / (sum * Float(batch))
                    for j in 0..<classes { g[j] *= scale }
                    g[Int(label)] -= 1 / Float(batch)
                }
            }
        }
        return total / Float(max(batch, 1))
    }
}
