/// Image geometry of one sample: channels × height × width, stored channel-major in a row.
public struct ImageShape: Sendable, Hashable {
    public var channels: Int, height: Int, width: Int
    public var count: Int { channels * height * width }
}

/// 2-D convolution by im2col and GEMM. Per sample, the input patches form a (C·k·k) × positions
/// matrix, so W (filters × C·k·k) times it gives the output filters × positions, channel-major
/// like the input.
public final class Conv2D: NetworkLayer {
    public let input: ImageShape, output: ImageShape
    public let kernel: Int, stride: Int, padding: Int
    public let weights: Parameter, bias: Parameter
    let gemm: any GEMMBackend
    private var patches: [Float] = []      // batch × (C·k·k) × positions, kept for backward
    /// For each patch entry (row r, position q), the input pixel it reads, or −1 in the padding;
    /// the same for every sample, so worked out once.
    private let sources: [Int32]
    private var batch = 0
    private let out = Buffer(), gradientInput = Buffer()

    var patchSize: Int { input.channels * kernel * kernel }
    var positions: Int { output.height * output.width }

    /// Weights and bias uniform in ±1/√(C·k·k), as PyTorch's `nn.Conv2d` initialises them.
    public init(input: ImageShape, filters: Int, kernel: Int, stride: Int, padding: Int, random: inout SeededRandom,
                gemm: any GEMMBackend) {
        self.input = input
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.gemm = gemm
        output = ImageShape(channels: filters, height: (input.height + 2 * padding - kernel) / stride + 1,
                            width: (input.width + 2 * padding - kernel) / stride + 1)
        let fanIn = input.channels * kernel * kernel
        let bound = 1 / Float(fanIn).squareRoot()
        weights = Parameter(Matrix(rows: filters, columns: fanIn, values: (0..<filters * fanIn).map { _ in random.uniform(-bound, bound) }))
        bias = Parameter(Matrix(rows: 1, columns: filters, values: (0..<filters).map { _ in random.uniform(-bound, bound) }))
        let out = output
        sources = (0..<fanIn).flatMap { r in
            (0..<out.height * out.width).map { q -> Int32 in
                let c = r / (kernel * kernel), ki = (r / kernel) % kernel, kj = r % kernel
                let y = (q / out.width) * stride + ki - padding, x = (q % out.width) * stride + kj - padding
                guard y >= 0, y < input.height, x >= 0, x < input.width else { return -1 }
                return Int32((c * input.height + y) * input.width + x)
            }
        }
    }

    public var parameters: [Parameter] { [weights, bias] }
    public var summary: String { "conv2d \(output.channels)×\(kernel)×\(kernel)" }

    public func forward(_ xs: Buffer) -> Buffer {
        batch = xs.rows
        let (k, p, f) = (patchSize, positions, output.channels)
        if patches.count < batch * k * p { patches = [Float](repeating: 0, count: batch * k * p) }
        out.matrix.resize(rows: batch, columns: output.count)
        for s in 0..<batch {
            let base = s * input.count, offset = s * k * p
            for e in 0..<(k * p) {
                let at = Int(sources[e])
                patches[offset + e] = at >= 0 ? xs.matrix.storage[base + at] : 0
            }
            patches.withUnsafeBufferPointer { cols in
                weights.value.storage.withUnsafeBufferPointer { w in
                    out.matrix.storage.withUnsafeMutableBufferPointer { y in
                        guard let c = cols.baseAddress, let wa = w.baseAddress, let ya = y.baseAddress else { return }
                        let ys = ya + s * output.count
                        for filter in 0..<f { for q in 0..<p { ys[filter * p + q] = bias.value.storage[filter] } }
                        gemm.gemm(transposeA: false, transposeB: false, m: f, n: p, k: k, alpha: 1, a: wa, lda: k,
                                  b: c + s * k * p, ldb: p, beta: 1, c: ys, ldc: p)
                    }
                }
            }
        }
        return out
    }

    public func backward(_ dy: Buffer) -> Buffer {
        let (k, p, f) = (patchSize, positions, output.channels)
        weights.gradient.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        bias.gradient.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        gradientInput.matrix.resize(rows: batch, columns: input.count)
        gradientInput.matrix.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        var patchGradient = [Float](repeating: 0, count: k * p)
        for s in 0..<batch {
            dy.matrix.storage.withUnsafeBufferPointer { ds in
                guard let d = ds.baseAddress.map({ $0 + s * output.count }) else { return }
                for filter in 0..<f { for q in 0..<p { bias.gradient.storage[filter] += d[filter * p + q] } }
                patches.withUnsafeBufferPointer { cols in
                    weights.gradient.storage.withUnsafeMutableBufferPointer { gw in
                        guard let c = cols.baseAddress, let g = gw.baseAddress else { return }
                        // ∂W += dY·colsᵀ
                        gemm.gemm(transposeA: false, transposeB: true, m: f, n: k, k: p, alpha: 1, a: d, lda: p,
                                  b: c + s * k * p, ldb: p, beta: 1, c: g, ldc: k)
                    }
                }
                weights.value.storage.withUnsafeBufferPointer { w in
                    patchGradient.withUnsafeMutableBufferPointer { pg in
                        guard let wa = w.baseAddress, let g = pg.baseAddress else { return }
                        // ∂cols = Wᵀ·dY
                        gemm.gemm(transposeA: true, transposeB: false, m: k, n: p, k: f, alpha: 1, a: wa, lda: k,
                                  b: d, ldb: p, beta: 0, c: g, ldc: p)
                    }
                }
            }
            // col2im: every patch value flows back to the input pixel it was read from.
            let base = s * input.count
            for e in 0..<(k * p) where sources[e] >= 0 {
                gradientInput.matrix.storage[base + Int(sources[e])] += patchGradient[e]
            }
        }
        return gradientInput
    }
}

/// Max or average pooling over size × size windows.
public final class Pooling: NetworkLayer {
    public enum Kind: Sendable { case max, average }
    public let kind: Kind
    public let input: ImageShape, output: ImageShape
    public let size: Int, stride: Int
    private var argmax: [Int] = []
    private let out = Buffer(), gradientInput = Buffer()

    public init(_ kind: Kind, input: ImageShape, size: Int, stride: Int) {
        self.kind = kind
        self.input = input
        self.size = size
        self.stride = stride
        output = ImageShape(channels: input.channels, height: (input.height - size) / stride + 1,
                            width: (input.width - size) / stride + 1)
    }

    public var parameters: [Parameter] { [] }
    public var summary: String { "\(kind == .max ? "max" : "avg")pool \(size)×\(size)" }

    public func forward(_ xs: Buffer) -> Buffer {
        let batch = xs.rows
        out.matrix.resize(rows: batch, columns: output.count)
        if kind == .max { argmax = [Int](repeating: 0, count: batch * output.count) }
        for s in 0..<batch {
            for c in 0..<output.channels {
                for oy in 0..<output.height {
                    for ox in 0..<output.width {
                        var best = -Float.infinity, bestAt = 0, sum: Float = 0
                        for dy in 0..<size {
                            for dx in 0..<size {
                                let at = (c * input.height + oy * stride + dy) * input.width + ox * stride + dx
                                let v = xs.matrix.storage[s * input.count + at]
                                sum += v
                                if v > best { (best, bestAt) = (v, at) }
                            }
                        }
                        let o = (c * output.height + oy) * output.width + ox
                        out.matrix.storage[s * output.count + o] = kind == .max ? best : sum / Float(size * size)
                        if kind == .max { argmax[s * output.count + o] = bestAt }
                    }
                }
            }
        }
        return out
    }

    public func backward(_ dy: Buffer) -> Buffer {
        let batch = dy.rows
        gradientInput.matrix.resize(rows: batch, columns: input.count)
        gradientInput.matrix.storage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        for s in 0..<batch {
            for c in 0..<output.channels {
                for oy in 0..<output.height {
                    for ox in 0..<output.width {
                        let o = (c * output.height + oy) * output.width + ox
                        let g = dy.matrix.storage[s * output.count + o]
                        if kind == .max {
                            gradientInput.matrix.storage[s * input.count + argmax[s * output.count + o]] += g
                        } else {
                            let share = g / Float(size * size)
                            for dy in 0..<size {
                                for dx in 0..<size {
                                    gradientInput.matrix.storage[s * input.count + (c * input.height + oy * stride + dy) * input.width + ox * stride + dx] += share
                                }
                            }
                        }
                    }
                }
            }
        }
        return gradientInput
    }
}
