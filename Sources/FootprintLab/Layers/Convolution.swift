import FootprintCore

/// Image geometry of one sample: channels × height × width, stored channel-major in a row.
public struct ImageShape: Sendable, Hashable {
    public var channels: Int, height: Int, width: Int
    public var count: Int { channels * height * width }
}

/// 2-D convolution by im2col and GEMM. The whole batch's input patches form one
/// (C·k·k) × (batch · positions) matrix, so one product W (filters × C·k·k) times it gives every
/// sample's output: one large GEMM per pass instead of a small one per sample.
public final class Conv2D: NetworkLayer {
    public let input: ImageShape, output: ImageShape
    public let kernel: Int, stride: Int, padding: Int
    public let weights: Parameter
    /// Nil for a layer without a bias (a spec's `"bias": false`): nothing to train, count or update.
    public let bias: Parameter?
    let gemm: any GEMMBackend
    /// (C·k·k) × (batch · positions), column s·positions + q; kept for backward.
    private let patches = Scratch<Float>()
    /// filters × (batch · positions): the product before it is laid out sample by sample, and
    /// the output gradient laid out the same way in backward.
    private let stacked = Scratch<Float>()
    /// ∂loss/∂patches in backward.
    private let patchGradient = Scratch<Float>()
    /// For each patch entry (row r, position q), the input pixel it reads, or −1 in the padding;
    /// the same for every sample, so worked out once.
    private let sources: Scratch<Int32>
    private var batch = 0
    private let out = Buffer(), gradientInput = Buffer()

    var patchSize: Int { input.channels * kernel * kernel }
    var positions: Int { output.height * output.width }

    /// Weights and bias uniform in ±1/√(C·k·k), as PyTorch's `nn.Conv2d` initialises them; no bias
    /// when `bias` is false (a spec's `"bias": false`).
    /// - Precondition: `geometry` was worked out for `input`'s height and width.
    public init(
        input: ImageShape, filters: Int, geometry: WindowGeometry, bias: Bool = true, random: inout SeededRandom,
        gemm: any GEMMBackend
    ) {
        let (kernel, stride, padding) = (geometry.window, geometry.stride, geometry.padding)
        self.input = input
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.gemm = gemm
        output = ImageShape(channels: filters, height: geometry.outputHeight, width: geometry.outputWidth)
        let fanIn = input.channels * kernel * kernel
        let bound = 1 / Float(fanIn).squareRoot()
        weights = Parameter(
            Matrix(
                rows: filters, columns: fanIn, values: (0..<filters * fanIn).map { _ in random.uniform(-bound, bound) })
        )
        self.bias =
            bias
            ? Parameter(
                Matrix(rows: 1, columns: filters, values: (0..<filters).map { _ in random.uniform(-bound, bound) }))
            : nil
        let out = output
        sources = Scratch(
            (0..<fanIn).flatMap { r in
                (0..<out.height * out.width).map { q -> Int32 in
                    let c = r / (kernel * kernel), ki = (r / kernel) % kernel, kj = r % kernel
                    let y = (q / out.width) * stride + ki - padding, x = (q % out.width) * stride + kj - padding
                    guard y >= 0, y < input.height, x >= 0, x < input.width else { return -1 }
                    return Int32((c * input.height + y) * input.width + x)
                }
            })
    }

    /// A convolution with `padding` zeros per side over `input`.
    /// - Throws: ``WindowGeometry/Fault`` when the kernel does not fit the padded image.
    public convenience init(
        input: ImageShape, filters: Int, kernel: Int, stride: Int, padding: Int, bias: Bool = true,
        random: inout SeededRandom, gemm: any GEMMBackend
    ) throws(WindowGeometry.Fault) {
        let geometry = try WindowGeometry(
            height: input.height, width: input.width, window: kernel, stride: stride,
            padding: padding)
        self.init(input: input, filters: filters, geometry: geometry, bias: bias, random: &random, gemm: gemm)
    }

    public var parameters: [Parameter] { bias.map { [weights, $0] } ?? [weights] }
    public var summary: String { "conv2d \(output.channels)×\(kernel)×\(kernel)" }

    /// The weight here is filters × (channels · kernel · kernel), a patch entry r being channel
    /// r / k², row (r / k) mod k, column r mod k: PyTorch's `nn.Conv2d` [out, in, kh, kw] in the same
    /// row-major order, so the values carry over as they are, only the shape differs.
    public var tensorLayouts: [TensorLayout] {
        [TensorLayout(name: "weight", parameter: weights, shape: [output.channels, input.channels, kernel, kernel])]
            + (bias.map { [TensorLayout(name: "bias", parameter: $0, shape: [output.channels])] } ?? [])
    }

    public func forward(_ xs: Buffer) -> Buffer {
        batch = xs.rows
        let (k, p, f, n) = (patchSize, positions, output.channels, xs.rows * positions)
        let (batch, outputCount) = (batch, output.count)
        let c = patches.reserve(k * n), t = stacked.reserve(f * n)
        out.matrix.resize(rows: batch, columns: outputCount)
        xs.matrix.storage.withUnsafeBufferPointer { xb in
            guard let x = xb.baseAddress else { return }
            im2col(x, batch: batch, into: c)
        }
        if let bias {
            bias.value.storage.withUnsafeBufferPointer { b in
                for filter in 0..<f { (t + filter * n).update(repeating: b[filter], count: n) }
            }
        } else {
            t.update(repeating: 0, count: f * n)
        }
        weights.value.storage.withUnsafeBufferPointer { w in
            guard let wa = w.baseAddress else { return }
            gemm.gemm(
                transposeA: false, transposeB: false, m: f, n: n, k: k, alpha: 1, a: wa, lda: k,
                b: c, ldb: n, beta: 1, c: t, ldc: n)
        }
        // filters × (batch · positions) → one row of filters × positions per sample.
        out.matrix.storage.withUnsafeMutableBufferPointer { y in
            guard let ya = y.baseAddress else { return }
            for s in 0..<batch {
                for filter in 0..<f {
                    (ya + s * outputCount + filter * p).update(from: t + filter * n + s * p, count: p)
                }
            }
        }
        return out
    }

    public func backward(_ dy: Buffer, inputGradient: Bool) -> Buffer {
        let (k, p, f, n) = (patchSize, positions, output.channels, batch * positions)
        let (batch, outputCount) = (batch, output.count)
        let c = patches.pointer, t = stacked.pointer
        // dY laid out as filters × (batch · positions), like the product.
        dy.matrix.storage.withUnsafeBufferPointer { db in
            guard let d = db.baseAddress else { return }
            for s in 0..<batch {
                for filter in 0..<f {
                    (t + filter * n + s * p).update(from: d + s * outputCount + filter * p, count: p)
                }
            }
        }
        bias?.gradient.storage.withUnsafeMutableBufferPointer { gb in
            for filter in 0..<f {
                var sum: Float = 0
                for e in 0..<n { sum += t[filter * n + e] }
                gb[filter] = sum
            }
        }
        // ∂W = dY·colsᵀ
        weights.gradient.storage.withUnsafeMutableBufferPointer { gw in
            guard let gwa = gw.baseAddress else { return }
            gemm.gemm(
                transposeA: false, transposeB: true, m: f, n: k, k: n, alpha: 1, a: t, lda: n,
                b: c, ldb: n, beta: 0, c: gwa, ldc: k)
        }
        guard inputGradient else { return gradientInput }
        // ∂cols = Wᵀ·dY, then back to the pixels the patches were read from.
        let g = patchGradient.reserve(k * n)
        weights.value.storage.withUnsafeBufferPointer { w in
            guard let wa = w.baseAddress else { return }
            gemm.gemm(
                transposeA: true, transposeB: false, m: k, n: n, k: f, alpha: 1, a: wa, lda: k,
                b: t, ldb: n, beta: 0, c: g, ldc: n)
        }
        gradientInput.matrix.resize(rows: batch, columns: input.count)
        gradientInput.matrix.storage.withUnsafeMutableBufferPointer { gx in
            guard let gxa = gx.baseAddress else { return }
            col2im(g, batch: batch, into: gxa)
        }
        return gradientInput
    }

    /// The batch's patches one per row, for a sparse product with the weights: row s·positions + q
    /// holds the patch of output position q in sample s (channels × kernel² values, 0 in the padding).
    /// - Precondition: `x` has one row of ``input`` values per sample (checked by the caller).
    func patchRows(_ x: Matrix, into rows: inout Matrix) {
        let (k, p, batch, inputCount, map) = (patchSize, positions, x.rows, input.count, sources.pointer)
        rows.resize(rows: batch * p, columns: k)
        x.storage.withUnsafeBufferPointer { xb in
            rows.storage.withUnsafeMutableBufferPointer { rb in
                guard let xs = xb.baseAddress, let out = rb.baseAddress else { return }
                for s in 0..<batch {
                    let image = xs + s * inputCount
                    for q in 0..<p {
                        let row = out + (s * p + q) * k
                        for r in 0..<k {
                            let at = Int(map[r * p + q])
                            row[r] = at >= 0 ? image[at] : 0
                        }
                    }
                }
            }
        }
    }

    /// The batch's patches: row r of the result, column s·positions + q, is the pixel patch entry
    /// (r, q) reads in sample s, or 0 in the padding.
    private func im2col(_ x: UnsafePointer<Float>, batch: Int, into c: UnsafeMutablePointer<Float>) {
        let (k, p, n, inputCount, map) = (patchSize, positions, batch * positions, input.count, sources.pointer)
        for r in 0..<k {
            let from = map + r * p
            for s in 0..<batch {
                let row = c + r * n + s * p, image = x + s * inputCount
                for q in 0..<p {
                    let at = Int(from[q])
                    row[q] = at >= 0 ? image[at] : 0
                }
            }
        }
    }

    /// The reverse of ``im2col``: every patch entry's gradient is added to the pixel it was read
    /// from (pixels in several patches collect several).
    private func col2im(_ g: UnsafePointer<Float>, batch: Int, into x: UnsafeMutablePointer<Float>) {
        let (k, p, n, inputCount, map) = (patchSize, positions, batch * positions, input.count, sources.pointer)
        x.update(repeating: 0, count: batch * inputCount)
        for r in 0..<k {
            let from = map + r * p
            for s in 0..<batch {
                let row = g + r * n + s * p, image = x + s * inputCount
                for q in 0..<p where from[q] >= 0 { image[Int(from[q])] += row[q] }
            }
        }
    }
}

/// Max or average pooling over size × size windows.
public final class Pooling: NetworkLayer {
    public enum Kind: Sendable { case max, average }
    public let kind: Kind
    public let input: ImageShape, output: ImageShape
    public let size: Int, stride: Int
    /// The windows' geometry over ``input``.
    public let geometry: WindowGeometry
    /// For max pooling, the input pixel each output took (within its sample).
    private var argmax: [Int32] = []
    private let out = Buffer(), gradientInput = Buffer()

    /// Pooling over the unpadded windows `geometry` describes.
    /// - Precondition: `geometry` was worked out for `input`'s height and width, with no padding.
    public init(_ kind: Kind, input: ImageShape, geometry: WindowGeometry) {
        self.kind = kind
        self.input = input
        self.geometry = geometry
        size = geometry.window
        stride = geometry.stride
        output = ImageShape(channels: input.channels, height: geometry.outputHeight, width: geometry.outputWidth)
    }

    /// Pooling over `size` × `size` windows at `stride`.
    /// - Throws: ``WindowGeometry/Fault`` when the window is larger than the image.
    public convenience init(_ kind: Kind, input: ImageShape, size: Int, stride: Int) throws(WindowGeometry.Fault) {
        self.init(
            kind, input: input,
            geometry: try WindowGeometry(
                height: input.height, width: input.width, window: size, stride: stride, padding: 0))
    }

    public var parameters: [Parameter] { [] }
    public var summary: String { "\(kind == .max ? "max" : "avg")pool \(size)×\(size)" }

    public func forward(_ xs: Buffer) -> Buffer {
        let batch = xs.rows
        let (input, output, size, stride, kind) = (input, output, size, stride, kind)
        out.matrix.resize(rows: batch, columns: output.count)
        if kind == .max, argmax.count < batch * output.count {
            argmax = [Int32](repeating: 0, count: batch * output.count)
        }
        xs.matrix.storage.withUnsafeBufferPointer { xb in
            out.matrix.storage.withUnsafeMutableBufferPointer { yb in
                argmax.withUnsafeMutableBufferPointer { ab in
                    guard let x0 = xb.baseAddress, let y0 = yb.baseAddress else { return }
                    for s in 0..<batch {
                        let x = x0 + s * input.count, y = y0 + s * output.count
                        for c in 0..<output.channels {
                            for oy in 0..<output.height {
                                for ox in 0..<output.width {
                                    var best = -Float.infinity, bestAt = 0, sum: Float = 0
                                    for dy in 0..<size {
                                        let row = (c * input.height + oy * stride + dy) * input.width + ox * stride
                                        for dx in 0..<size {
                                            let v = x[row + dx]
                                            sum += v
                                            if v > best { (best, bestAt) = (v, row + dx) }
                                        }
                                    }
                                    let o = (c * output.height + oy) * output.width + ox
                                    if kind == .max {
                                        y[o] = best
                                        ab[s * output.count + o] = Int32(bestAt)
                                    } else {
                                        y[o] = sum / Float(size * size)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    public func backward(_ dy: Buffer, inputGradient: Bool) -> Buffer {
        guard inputGradient else { return gradientInput }
        let batch = dy.rows
        let (input, output, size, stride, kind) = (input, output, size, stride, kind)
        gradientInput.matrix.resize(rows: batch, columns: input.count)
        dy.matrix.storage.withUnsafeBufferPointer { db in
            argmax.withUnsafeBufferPointer { ab in
                gradientInput.matrix.storage.withUnsafeMutableBufferPointer { gb in
                    guard let d0 = db.baseAddress, let g0 = gb.baseAddress else { return }
                    g0.update(repeating: 0, count: batch * input.count)
                    for s in 0..<batch {
                        let d = d0 + s * output.count, g = g0 + s * input.count
                        if kind == .max {
                            for o in 0..<output.count { g[Int(ab[s * output.count + o])] += d[o] }
                            continue
                        }
                        for c in 0..<output.channels {
                            for oy in 0..<output.height {
                                for ox in 0..<output.width {
                                    let share = d[(c * output.height + oy) * output.width + ox] / Float(size * size)
                                    for dy in 0..<size {
                                        let row = (c * input.height + oy * stride + dy) * input.width + ox * stride
                                        for dx in 0..<size { g[row + dx] += share }
                                    }
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
