/// Fully connected: Y = X·W + b, with W stored inputs × outputs; Y = X·W without a bias.
public final class Dense: NetworkLayer {
    public let inputs: Int, outputs: Int
    public let weights: Parameter
    /// Nil for a layer without a bias (a spec's `"bias": false`): nothing to train, count or update.
    public let bias: Parameter?
    let gemm: any GEMMBackend
    private var input: Buffer?
    private let output = Buffer()
    private let gradientInput = Buffer()

    /// Weights and bias uniform in ±1/√inputs, as PyTorch's `nn.Linear` initialises them; no bias
    /// when `bias` is false.
    public init(inputs: Int, outputs: Int, bias: Bool = true, random: inout SeededRandom, gemm: any GEMMBackend) {
        self.inputs = inputs
        self.outputs = outputs
        self.gemm = gemm
        let bound = 1 / Float(inputs).squareRoot()
        weights = Parameter(
            Matrix(
                rows: inputs, columns: outputs,
                values: (0..<inputs * outputs).map { _ in random.uniform(-bound, bound) }))
        self.bias =
            bias
            ? Parameter(
                Matrix(rows: 1, columns: outputs, values: (0..<outputs).map { _ in random.uniform(-bound, bound) }))
            : nil
    }

    public var parameters: [Parameter] { bias.map { [weights, $0] } ?? [weights] }
    public var summary: String { "dense \(inputs)→\(outputs)" }

    /// PyTorch's `nn.Linear` keeps its weight as [out, in] and computes x·Wᵀ; the weight here is
    /// in × out (Y = X·W, so that the forward product reads W's rows contiguously), the same
    /// values transposed. Weights files carry PyTorch's form; ``NetworkWeights`` transposes.
    public var tensorLayouts: [TensorLayout] {
        [TensorLayout(name: "weight", parameter: weights, shape: [outputs, inputs], transposed: true)]
            + (bias.map { [TensorLayout(name: "bias", parameter: $0, shape: [outputs])] } ?? [])
    }

    public func forward(_ x: Buffer) -> Buffer {
        input = x
        let batch = x.rows
        output.matrix.resize(rows: batch, columns: outputs)
        x.matrix.storage.withUnsafeBufferPointer { xs in
            weights.value.storage.withUnsafeBufferPointer { ws in
                output.matrix.storage.withUnsafeMutableBufferPointer { ys in
                    guard let y = ys.baseAddress else { return }
                    // Start from the bias (or zero) in every row, then add X·W.
                    if let bias {
                        bias.value.storage.withUnsafeBufferPointer { bs in
                            guard let b = bs.baseAddress else { return }
                            for row in 0..<batch { (y + row * outputs).update(from: b, count: outputs) }
                        }
                    } else {
                        y.update(repeating: 0, count: batch * outputs)
                    }
                    if let xa = xs.baseAddress, let wa = ws.baseAddress {
                        gemm.gemm(
                            transposeA: false, transposeB: false, m: batch, n: outputs, k: inputs, alpha: 1,
                            a: xa, lda: inputs, b: wa, ldb: outputs, beta: 1, c: y, ldc: outputs)
                    }
                }
            }
        }
        return output
    }

    public func backward(_ dy: Buffer, inputGradient: Bool) -> Buffer {
        guard let x = input else { return gradientInput }
        let batch = dy.rows
        gradientInput.matrix.resize(rows: batch, columns: inputs)
        dy.matrix.storage.withUnsafeBufferPointer { ds in
            guard let d = ds.baseAddress else { return }
            x.matrix.storage.withUnsafeBufferPointer { xs in
                weights.gradient.storage.withUnsafeMutableBufferPointer { gws in
                    guard let xa = xs.baseAddress, let gw = gws.baseAddress else { return }
                    // ∂W = Xᵀ·dY
                    gemm.gemm(
                        transposeA: true, transposeB: false, m: inputs, n: outputs, k: batch, alpha: 1,
                        a: xa, lda: inputs, b: d, ldb: outputs, beta: 0, c: gw, ldc: outputs)
                }
            }
            bias?.gradient.storage.withUnsafeMutableBufferPointer { gb in
                for j in 0..<outputs { gb[j] = 0 }
                for row in 0..<batch { for j in 0..<outputs { gb[j] += d[row * outputs + j] } }
            }
            guard inputGradient else { return }
            weights.value.storage.withUnsafeBufferPointer { ws in
                gradientInput.matrix.storage.withUnsafeMutableBufferPointer { gxs in
                    guard let w = ws.baseAddress, let gx = gxs.baseAddress else { return }
                    // ∂X = dY·Wᵀ
                    gemm.gemm(
                        transposeA: false, transposeB: true, m: batch, n: inputs, k: outputs, alpha: 1,
                        a: d, lda: outputs, b: w, ldb: outputs, beta: 0, c: gx, ldc: inputs)
                }
            }
        }
        return gradientInput
    }
}
