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
                case .relu: for i in 0..<n { ys[i] = max(xs[i], 0) }
                case .tanh: for i in 0..<n { ys[i] = Foundation.tanh(xs[i]) }
                case .sigmoid: for i in 0..<n { ys[i] = 1 / (1 + exp(-xs[i])) }
                }
            }
        }
        return output
    }

    /// Derivatives from the kept output: relu' = [y > 0], tanh' = 1 − y², sigmoid' = y(1 − y).
    public func backward(_ dy: Buffer) -> Buffer {
        gradientInput.matrix.resize(rows: dy.rows, columns: dy.columns)
        let n = dy.matrix.count
        dy.matrix.storage.withUnsafeBufferPointer { ds in
            output.matrix.storage.withUnsafeBufferPointer { ys in
                gradientInput.matrix.storage.withUnsafeMutableBufferPointer { gs in
                    switch function {
                    case .relu: for i in 0..<n { gs[i] = ys[i] > 0 ? ds[i] : 0 }
                    case .tanh: for i in 0..<n { gs[i] = ds[i] * (1 - ys[i] * ys[i]) }
                    case .sigmoid: for i in 0..<n { gs[i] = ds[i] * ys[i] * (1 - ys[i]) }
                    }
                }
            }
        }
        return gradientInput
    }
}
