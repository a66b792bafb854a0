/// Magnitude pruning: the smallest weights, over all dense and conv layers together, set to zero
/// until the target share of zeros is reached (biases are kept).
public enum MagnitudePruning {
    /// The weight matrices pruning applies to, in layer order.
    static func weightMatrices(_ network: Network) -> [Parameter] {
        network.layers.compactMap { ($0 as? Dense)?.weights ?? ($0 as? Conv2D)?.weights }
    }

    /// Prunes `network` in place to `sparsity` (0…1) and returns the share of weights now zero.
    @discardableResult
    public static func prune(_ network: Network, sparsity: Double) -> Double {
        let weights = weightMatrices(network)
        let magnitudes = weights.flatMap { $0.value.storage.prefix($0.count).map(abs) }.sorted()
        let cut = Int((Double(magnitudes.count) * min(max(sparsity, 0), 1)).rounded(.down))
        if cut > 0 {
            let threshold = magnitudes[cut - 1]
            // Ties at the threshold are pruned only until the target count is met, so the share is exact.
            var budget = cut - magnitudes.prefix(cut).filter { $0 < threshold }.count
            for matrix in weights {
                for i in 0..<matrix.count {
                    let w = abs(matrix.value.storage[i])
                    if w < threshold || (w == threshold && budget > 0) {
                        if w == threshold { budget -= 1 }
                        matrix.value.storage[i] = 0
                    }
                }
            }
        }
        let zeros = magnitudes.count - nonzeroWeights(network)
        return Double(zeros) / Double(max(magnitudes.count, 1))
    }

    /// Dense and conv weights that are not zero (biases aside, as pruning leaves them).
    public static func nonzeroWeights(_ network: Network) -> Int {
        weightMatrices(network).reduce(0) { $0 + $1.value.storage.prefix($1.count).count { $0 != 0 } }
    }
}

/// A matrix whose shape does not fit the product asked of it: thrown before any value is read,
/// so that a mismatch (a layer left out of the sparse path, say) can never read past the end.
public struct SparseShapeMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being multiplied, e.g. "CSR 64 → 10 input".
    public let operand: String
    /// Values the product needs.
    public let expected: Int
    /// Values it was given.
    public let given: Int

    public var description: String { "\(operand): \(expected) values expected, \(given) given" }
}

/// A weight matrix in compressed sparse row form, stored transposed (one row per output) so that
/// each output is a sparse dot product with the input.
public struct CSRMatrix: Sendable {
    public let outputs: Int, inputs: Int
    public let rowStarts: [Int32]
    public let columns: [Int32]
    public let values: [Float]

    /// From a dense inputs × outputs weight matrix (a dense layer's), keeping the non-zeros.
    public init(dense w: Matrix) {
        self.init(outputs: w.columns, inputs: w.rows) { o, i in w[i, o] }
    }

    /// From a dense outputs × inputs weight matrix (a conv layer's filters × patch entries),
    /// keeping the non-zeros.
    public init(outputRows w: Matrix) {
        self.init(outputs: w.rows, inputs: w.columns) { o, i in w[o, i] }
    }

    private init(outputs: Int, inputs: Int, weight: (Int, Int) -> Float) {
        self.inputs = inputs
        self.outputs = outputs
        var starts: [Int32] = [0], cols: [Int32] = [], vals: [Float] = []
        for o in 0..<outputs {
            for i in 0..<inputs where weight(o, i) != 0 {
                cols.append(Int32(i))
                vals.append(weight(o, i))
            }
            starts.append(Int32(cols.count))
        }
        rowStarts = starts
        columns = cols
        values = vals
    }

    public var nonzeros: Int { values.count }

    /// The most values a matrix may have: positions are stored as 32-bit integers.
    public static let maximumValues = Int(Int32.max)

    /// Samples multiplied together: one SIMD lane each.
    typealias Lanes = SIMD16<Float>

    /// Y = X·W + b for a batch (rows of X are samples).
    ///
    /// Samples go 16 at a time, transposed so that each input is one vector of 16 samples' values:
    /// every non-zero weight then costs one vector multiply-add for 16 samples, where a sample at a
    /// time would cost a scalar gather and multiply-add each.
    /// - Throws: ``SparseShapeMismatch`` when X's rows are not `inputs` wide or the bias is not
    ///   `outputs` long: checked before the unchecked loops below read anything.
    public func multiply(_ x: Matrix, bias: [Float], into y: inout Matrix) throws(SparseShapeMismatch) {
        guard x.columns == inputs, x.storage.count >= x.count else {
            throw SparseShapeMismatch(
                operand: "CSR \(inputs) → \(outputs) input row", expected: inputs, given: x.columns)
        }
        guard bias.count == outputs else {
            throw SparseShapeMismatch(operand: "CSR \(inputs) → \(outputs) bias", expected: outputs, given: bias.count)
        }
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
                                withUnsafeTemporaryAllocation(of: Float.self, capacity: (inputs + 1) * width) {
                                    scratch in
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
                                                sum +=
                                                    vs[e]
                                                    * vectors.loadUnaligned(
                                                        fromByteOffset: Int(cs[e]) * width * 4, as: Lanes.self)
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

/// Inference through a whole pruned network with its dense and conv layers' weights in CSR form;
/// activations and pooling run as in the network.
public final class SparseInference {
    enum Stage {
        /// A dense layer: Y = X·W + b.
        case dense(CSRMatrix, bias: [Float])
        /// A conv layer: each output position's patch times the filters, laid out by sample as the network does.
        case conv(CSRMatrix, bias: [Float], layer: Conv2D)
        /// A layer without weights (an activation, pooling), a fresh copy of the network's.
        case plain(any NetworkLayer)
    }

    /// A layer the sparse path has no stage for.
    public struct UnsupportedLayer: Error, Sendable, Equatable, CustomStringConvertible {
        /// The layer's summary.
        public let layer: String
        public var description: String { "the sparse (CSR) path has no stage for \(layer)" }
    }

    let stages: [Stage]
    /// Values in one input sample.
    public let inputs: Int
    /// One output per stage, reused from batch to batch.
    private var outputs: [Matrix]
    /// The patch rows of a conv stage.
    private var patches = Matrix(rows: 0, columns: 0)

    /// - Throws: ``UnsupportedLayer`` for a layer it cannot run: leaving one out would hand the
    ///   next stage rows of the wrong width.
    ///   So is a weight matrix of more values than the CSR form's 32-bit positions address.
    public init(_ network: Network) throws(UnsupportedLayer) {
        var stages: [Stage] = []
        for layer in network.layers {
            if let weights = layer.parameters.first, weights.count > CSRMatrix.maximumValues {
                throw UnsupportedLayer(layer: "\(layer.summary) with more than 2,147,483,647 weights")
            }
            switch layer {
            case let dense as Dense:
                stages.append(
                    .dense(CSRMatrix(dense: dense.weights.value), bias: Self.bias(dense.bias, count: dense.outputs)))
            case let conv as Conv2D:
                stages.append(
                    .conv(
                        CSRMatrix(outputRows: conv.weights.value),
                        bias: Self.bias(conv.bias, count: conv.output.channels), layer: conv))
            case let activation as Activation:
                stages.append(.plain(Activation(activation.function)))
            case let pooling as Pooling:
                stages.append(.plain(Pooling(pooling.kind, input: pooling.input, geometry: pooling.geometry)))
            default:
                throw UnsupportedLayer(layer: layer.summary)
            }
        }
        self.stages = stages
        inputs = network.inputs
        outputs = stages.map { _ in Matrix(rows: 0, columns: 0) }
    }

    /// Non-zero weights kept.
    public var nonzeros: Int {
        stages.reduce(0) { total, stage in
            switch stage {
            case .dense(let m, _), .conv(let m, _, _): total + m.nonzeros
            case .plain: total
            }
        }
    }

    /// Logits for a batch.
    /// - Throws: ``SparseShapeMismatch`` when the batch's rows are not ``inputs`` wide.
    public func forward(_ x: Matrix) throws(SparseShapeMismatch) -> Matrix {
        guard x.columns == inputs else {
            throw SparseShapeMismatch(operand: "sparse network input row", expected: inputs, given: x.columns)
        }
        var current = x
        for (index, stage) in stages.enumerated() {
            switch stage {
            case .dense(let matrix, let bias):
                try matrix.multiply(current, bias: bias, into: &outputs[index])
                current = outputs[index]
            case .conv(let matrix, let bias, let layer):
                guard current.columns == layer.input.count else {
                    throw SparseShapeMismatch(
                        operand: "sparse conv input row", expected: layer.input.count, given: current.columns)
                }
                layer.patchRows(current, into: &patches)
                var product = Matrix(rows: 0, columns: 0)
                try matrix.multiply(patches, bias: bias, into: &product)
                current = Self.bySample(
                    product, batch: current.rows, positions: layer.positions, filters: layer.output.channels,
                    into: &outputs[index])
            case .plain(let layer):
                current = layer.forward(Buffer(current)).matrix
            }
        }
        return current
    }

    /// (batch · positions) × filters → one row of filters × positions per sample.
    private static func bySample(
        _ product: Matrix, batch: Int, positions: Int, filters: Int, into out: inout Matrix
    ) -> Matrix {
        out.resize(rows: batch, columns: filters * positions)
        for s in 0..<batch {
            for q in 0..<positions {
                for f in 0..<filters {
                    out.storage[s * filters * positions + f * positions + q] =
                        product.storage[(s * positions + q) * filters + f]
                }
            }
        }
        return out
    }
}

extension SparseInference {
    /// A layer's bias as the sparse product adds it: zeros for a layer without one.
    static func bias(_ bias: Parameter?, count: Int) -> [Float] {
        bias.map { Array($0.value.storage.prefix(count)) } ?? Array(repeating: 0, count: count)
    }
}
