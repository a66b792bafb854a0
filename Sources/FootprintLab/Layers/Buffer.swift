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
    /// The parameters as PyTorch's module of the same kind names and shapes them, for weights
    /// files; none for layers without parameters.
    var tensorLayouts: [TensorLayout] { get }
}

/// One parameter as a PyTorch tensor: its name within the layer (`weight`, `bias`), its shape in
/// PyTorch's convention, and whether the matrix kept here is that tensor's transpose.
public struct TensorLayout {
    /// "weight" or "bias", as in PyTorch's `state_dict`.
    public let name: String
    public let parameter: Parameter
    /// PyTorch's shape, outermost first: [out, in] for a dense weight, [out, in, kh, kw] for a
    /// convolution's, [out] for a bias.
    public let shape: [Int]
    /// True when ``parameter`` holds the transpose of the 2-D tensor ``shape`` describes (a dense
    /// weight: in × out here, [out, in] in PyTorch).
    public let transposed: Bool

    public init(name: String, parameter: Parameter, shape: [Int], transposed: Bool = false) {
        self.name = name
        self.parameter = parameter
        self.shape = shape
        self.transposed = transposed
    }
}

extension NetworkLayer {
    public var tensorLayouts: [TensorLayout] { [] }

    /// ∂loss/∂input, with the parameters' gradients filled on the way.
    public func backward(_ gradient: Buffer) -> Buffer { backward(gradient, inputGradient: true) }
}
