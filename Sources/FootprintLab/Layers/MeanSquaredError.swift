/// Mean squared error between the outputs and one-hot targets built from the class labels,
/// averaged over every element of the batch as PyTorch's `MSELoss()` averages: the loss is
/// Σ (z − t)² / (batch · outputs) and its gradient 2 (z − t) / (batch · outputs).
public final class MeanSquaredError: LossFunction {
    public let gradient = Buffer()

    public init() {}

    public func loss(_ outputs: Buffer, labels: ArraySlice<Int32>) -> Float {
        let batch = outputs.rows, width = outputs.columns
        gradient.matrix.resize(rows: batch, columns: width)
        let scale = 1 / Float(max(batch * width, 1))
        var total: Float = 0
        outputs.matrix.storage.withUnsafeBufferPointer { zs in
            gradient.matrix.storage.withUnsafeMutableBufferPointer { gs in
                guard let zBase = zs.baseAddress, let gBase = gs.baseAddress else { return }
                for (row, label) in zip(0..<batch, labels) {
                    let z = zBase + row * width, g = gBase + row * width
                    for j in 0..<width {
                        let difference = z[j] - (j == Int(label) ? 1 : 0)
                        total += difference * difference
                        g[j] = 2 * difference * scale
                    }
                }
            }
        }
        return total * scale
    }
}
