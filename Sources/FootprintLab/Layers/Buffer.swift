/// A matrix owned by one layer and passed to the next by reference: the forward and backward
/// passes write into the same storage every step instead of allocating.
public final class Buffer {
    public var matrix: Matrix

    public init(rows: Int = 0, columns: Int = 0) { matrix = Matrix(rows: rows, columns: columns) }
    public init(_ matrix: Matrix) { self.matrix = matrix }

    public var rows: Int { matrix.rows }
    public var columns: Int { matrix.columns }
}

/// A trainable tensor with its gradient and the optimiser's state.
public final class Parameter {
    public var value: Matrix
    public var gradient: Matrix
    /// Optimiser state (SGD momentum, Adam moments), created on the first step.
    var firstMoment: [Float] = []
    var secondMoment: [Float] = []

    public init(_ value: Matrix) {
        self.value = value
        gradient = Matrix(rows: value.rows, columns: value.columns)
    }

    public var count: Int { value.count }
}

/// One stage of a network.
public protocol NetworkLayer: AnyObject {
    /// Computes the output for a batch (rows are samples) and keeps what backward needs.
    func forward(_ input: Buffer) -> Buffer
    /// Given ∂loss/∂output, fills the parameters' gradients and, when `inputGradient` is true,
    /// returns ∂loss/∂input (otherwise the returned buffer's contents are unspecified). The network
    /// asks its first layer for none: nothing reads it, and for a dense or conv layer it is a whole
    /// matrix product.
    func backward(_ gradient: Buffer, inputGradient: Bool) -> Buffer
    /// Trainable parameters, none for activations.
    var parameters: [Parameter] { get }
    /// A short description.
    var summary: String { get }
}

extension NetworkLayer {
    /// ∂loss/∂input, with the parameters' gradients filled on the way.
    public func backward(_ gradient: Buffer) -> Buffer { backward(gradient, inputGradient: true) }
}
