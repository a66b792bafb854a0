import FootprintCore

/// One layer type of the spec format: how it is written (its type names and keys) and what it
/// costs (its figures for given input shapes).
///
/// The sequential form feeds each layer the one output of the layer before it; the graph form
/// feeds a node the outputs its `inputs` name, so layers that join branches (add, concat,
/// cross-attention) take more than one. Every type is listed in ``SpecLayers/all``.
public protocol SpecLayer: Sendable {
    /// The names a spec gives in `"type"` for this layer, lower-case (one type may cover several,
    /// e.g. `conv1d`, `conv2d`, `conv3d`).
    static var typeNames: [String] { get }
    /// The keys it takes besides `"type"` (and, in the graph form, `"name"` and `"inputs"`).
    static var keys: [String] { get }
    /// How many inputs it takes: `1...1` for most, `2...Int.max` for a join.
    static var inputs: ClosedRange<Int> { get }
    /// Reads the layer; `fields` has already refused keys outside ``keys``.
    init(type: String, fields: SpecFields) throws(ModelError)
    /// A short description for tables, e.g. "conv2d 64×3×3 s2 groups 64".
    var summary: String { get }
    /// Its figures for one sample's input shapes (batch dimension left out), counted with `count`
    /// so that no product wraps. Throws ``ModelError/Reason/shapeMismatch`` naming what it takes.
    func figures(inputs: [[Int]], count: Count) throws(ModelError) -> SpecFigures
    /// The same layer as the lab's `Layer` values (it may expand to more than one, as a dense layer
    /// with an activation does), when the lab can train it; nil otherwise, which makes the model
    /// one the lab refuses (``ModelError/Reason/notTrainable``).
    var labLayers: [Layer]? { get }
}

extension SpecLayer {
    /// Most layer types are not the lab's.
    public var labLayers: [Layer]? { nil }
}

/// What one layer costs for one sample.
public struct SpecFigures: Sendable, Hashable {
    /// The shape of its output.
    public var outputShape: [Int]
    /// Parameters it holds.
    public var parameters: Int
    /// Parameters one sample's forward pass uses (fewer than ``parameters`` only for a mixture of experts).
    public var activeParameters: Int
    /// Forward FLOPs for one sample, as executed.
    public var forwardFLOPs: Double
    /// Values kept for the backward pass, per sample.
    public var activationElements: Int

    /// Creates figures; `activeParameters` defaults to all parameters.
    public init(
        outputShape: [Int], parameters: Int, activeParameters: Int? = nil, forwardFLOPs: Double,
        activationElements: Int
    ) {
        self.outputShape = outputShape
        self.parameters = parameters
        self.activeParameters = activeParameters ?? parameters
        self.forwardFLOPs = forwardFLOPs
        self.activationElements = activationElements
    }
}
