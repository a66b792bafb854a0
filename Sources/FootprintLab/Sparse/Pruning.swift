/// Magnitude pruning: the smallest weights, over all dense layers together, set to zero until the
/// target share of zeros is reached (biases are kept).
public enum MagnitudePruning {
    /// Prunes `network` in place to `sparsity` (0…1) and returns the share of weights now zero.
    @discardableResult
    public static func prune(_ network: Network, sparsity: Double) -> Double {
        let dense = network.layers.compactMap { $0 as? Dense }
        let magnitudes = dense.flatMap { $0.weights.value.storage.prefix($0.weights.count).map(abs) }.sorted()
        let cut = Int((Double(magnitudes.count) * min(max(sparsity, 0), 1)).rounded(.down))
        if cut > 0 {
            let threshold = magnitudes[cut - 1]
            // Ties at the threshold are pruned only until the target count is met, so the share is exact.
            var budget = cut - magnitudes.prefix(cut).filter { $0 < threshold }.count
            for layer in dense {
                for i in 0..<layer.weights.count {
                    let w = abs(layer.weights.value.storage[i])
                    if w < threshold || (w == threshold && budget > 0) {
                        if w == threshold { budget -= 1 }
                        layer.weights.value.storage[i] = 0
                    }
                }
            }
        }
        let zeros = dense.reduce(0) { $0 + $1.weights.value.storage.prefix($1.weights.count).filter { $0 == 0 }.count }
        return Double(zeros) / Double(max(magnitudes.count, 1))
    }
}

/// A weight matrix in compressed sparse row form, stored transposed (one row per output) so that
/// each output is a sparse dot product with the input.
public struct CSRMatrix: Sendable {
    public let outputs: Int, inputs: Int
    public let rowStarts: [Int32]
    public let columns: [Int32]
    public let values: [Float]

    /// From a dense inputs × outputs weight matrix, keeping the non-zeros.
    public init(dense w: Matrix) {
        inputs = w.rows
        outputs = w.columns
        var starts: [Int32] = [0], cols: [Int32] = [], vals: [Float] = []
        for o in 0..<outputs {
            for i in 0..<inputs where w[i, o] != 0 {
                cols.append(Int32(i))
                vals.append(w[i, o])
            }
            starts.append(Int32(cols.count))
        }
        rowStarts = starts
        columns = cols
        values = vals
    }

    public var nonzeros: Int { values.count }

    /// Samples multiplied together: one SIMD lane each.
    typealias Lanes = SIMD16<Float>

    /// Y = X·W + b for a batch (rows of X are samples).
    ///
    /// Samples go 16 at a time, transposed so that each input is one vector of 16 samples' values:
    /// every non-zero weight then costs one vector multiply-add for 16 samples, where a sample at a
    /// time would cost a scalar gather and multiply-add each.
    public func multiply(_ x: Matrix, bias: [Float], into y: inout Matrix) {
        let (batch, inputs, outputs) = (x.rows, inputs, outputs)
        y.resize(rows: batch, columns: outputs)
        let width = Lanes.scalarCount
        x.storage.withUnsafeBufferPointer { xb in
            y.storage.withUnsafeMutableBufferPointer { yb in
                values.withUnsafeBufferPointer { vs in
                    columns.withUnsafeBufferPointer { cs in
                        rowStarts.withUnsafeBufferPointer { starts in
                            bias.withUnsafeBufferPointer { bs in
                                // Scalars in and out: inserting or extracting one lane of a SIMD value
                                // goes through memory anyway, one whole vector per lane.
                                withUnsafeTemporaryAllocation(of: Float.self, capacity: (inputs + 1) * width) { scratch in
                                    guard let xs = xb.baseAddress, let ys = yb.baseAddress, let t = scratch.baseAddress
                                    else { return }
                                    let vectors = UnsafeRawPointer(t), result = t + inputs * width
                                    var group = 0
                                    while group < batch {
                                        let lanes = min(width, batch - group)
                                        if lanes < width { t.update(repeating: 0, count: inputs * width) }
                                        for l in 0..<lanes {
                                            let row = xs + (group + l) * inputs
                                            for i in 0..<inputs { t[i * width + l] = row[i] }
                                        }
                                        for o in 0..<outputs {
                                            var sum = Lanes(repeating: bs[o])
                                            for e in Int(starts[o])..<Int(starts[o + 1]) {
                                                sum += vs[e] * vectors.loadUnaligned(fromByteOffset: Int(cs[e]) * width * 4, as: Lanes.self)
                                            }
                                            UnsafeMutableRawPointer(result).storeBytes(of: sum, as: Lanes.self)
                                            for l in 0..<lanes { ys[(group + l) * outputs + o] = result[l] }
                                        }
                                        group += width
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Inference with pruned dense layers in CSR form; activations as in the network.
public final class SparseInference {
    enum Stage { case sparse(CSRMatrix, [Float]), activation(Activation) }
    let stages: [Stage]
    /// One output per stage, reused from batch to batch.
    private var outputs: [Matrix]

    public init(_ network: Network) {
        stages = network.layers.compactMap { layer in
            if let dense = layer as? Dense {
                return .sparse(CSRMatrix(dense: dense.weights.value), Array(dense.bias.value.storage.prefix(dense.outputs)))
            }
            if let activation = layer as? Activation { return .activation(Activation(activation.function)) }
            return nil
        }
        outputs = stages.map { _ in Matrix(rows: 0, columns: 0) }
    }

    /// Non-zero weights kept.
    public var nonzeros: Int {
        stages.reduce(0) { total, stage in if case .sparse(let m, _) = stage { total + m.nonzeros } else { total } }
    }

    /// Logits for a batch.
    public func forward(_ x: Matrix) -> Matrix {
        var current = x
        for (index, stage) in stages.enumerated() {
            switch stage {
            case .sparse(let matrix, let bias):
                matrix.multiply(current, bias: bias, into: &outputs[index])
                current = outputs[index]
            case .activation(let activation):
                current = activation.forward(Buffer(current)).matrix
            }
        }
        return current
    }
}
