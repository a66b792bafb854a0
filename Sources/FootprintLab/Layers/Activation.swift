import Foundation

/// Element-wise activations: ReLU, tanh, sigmoid.
public final class Activation: NetworkLayer {
    public enum Function: String, Sendable { case relu, tanh, sigmoid }

    public let function: Function
    private let output = Buffer()
    private let gradientInput = Buffer()

    public init(_ function: Function) { self.function = function }

    public var parameters: [Parameter] { [] }
    public var summary: String { function.rawValue }

    public func forward(_ x: Buffer) -> Buffer {
        output.matrix.resize(rows: x.rows, columns: x.columns)
        let n = x.matrix.count
        x.matrix.storage.withUnsafeBufferPointer { xs in
            output.matrix.storage.withUnsafeMutableBufferPointer { ys in
                switch function {
                case .relu: Self.relu(xs, into: ys, count: n)
                case .tanh: for i in 0..<n { ys[i] = Foundation.tanh(xs[i]) }
                case .sigmoid: for i in 0..<n { ys[i] = 1 / (1 + exp(-xs[i])) }
                }
            }
        }
        return output
    }

    /// Derivatives from the kept output: relu' = [y > 0], tanh' = 1 − y², sigmoid' = y(1 − y).
    public func backward(_ dy: Buffer, inputGradient: Bool) -> Buffer {
        guard inputGradient else { return gradientInput }
        gradientInput.matrix.resize(rows: dy.rows, columns: dy.columns)
        let n = dy.matrix.count
        dy.matrix.storage.withUnsafeBufferPointer { ds in
            output.matrix.storage.withUnsafeBufferPointer { ys in
                gradientInput.matrix.storage.withUnsafeMutableBufferPointer { gs in
                    switch function {
                    case .relu: Self.reluDerivative(ds, output: ys, into: gs, count: n)
                    case .tanh: for i in 0..<n { gs[i] = ds[i] * (1 - ys[i] * ys[i]) }
                    case .sigmoid: for i in 0..<n { gs[i] = ds[i] * ys[i] * (1 - ys[i]) }
                    }
                }
            }
        }
        return gradientInput
    }

    /// max(x, 0), eight lanes at a time.
    static func relu(_ xs: UnsafeBufferPointer<Float>, into ys: UnsafeMutableBufferPointer<Float>, count n: Int) {
        guard let x = xs.baseAddress, let y = ys.baseAddress else { return }
        let lanes = SIMD8<Float>.scalarCount, zero = SIMD8<Float>()
        var i = 0
        while i + lanes <= n {
            let v = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(y + i).storeBytes(
                of: v.replacing(with: zero, where: v .< zero), as: SIMD8<Float>.self)
            i += lanes
        }
        while i < n { y[i] = max(x[i], 0); i += 1 }
    }

    /// dy where the output is positive, else 0. Branch-free: with about half the units active, a
    /// branch per element mispredicts often enough to cost more than the products around it.
    static func reluDerivative(
        _ ds: UnsafeBufferPointer<Float>, output ys: UnsafeBufferPointer<Float>,
        into gs: UnsafeMutableBufferPointer<Float>, count n: Int
    ) {
        guard let d = ds.baseAddress, let y = ys.baseAddress, let g = gs.baseAddress else { return }
        let lanes = SIMD8<Float>.scalarCount, zero = SIMD8<Float>()
        var i = 0
        while i + lanes <= n {
            let dv = UnsafeRawPointer(d + i).loadUnaligned(as: SIMD8<Float>.self)
            let yv = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(g + i).storeBytes(
                of: dv.replacing(with: zero, where: yv .<= zero), as: SIMD8<Float>.self)
            i += lanes
        }
        while i < n {
            let dy = d[i]
            g[i] = y[i] > 0 ? dy : 0
            i += 1
        }
    }
}
