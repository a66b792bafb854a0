/// The sizes of a graph's dynamic dimensions: given by name (`batch=8`), a batch-like one taken as 1
/// when not given, and the unnamed ones given as `input.axis`.
struct ONNXDimensions {
    /// Values by dimension name.
    private(set) var values: [String: Int]
    /// The batch size the graph is counted at; figures are divided by it, to be per sample.
    private(set) var batch = 1
    /// What was assumed, for the count's notes.
    private(set) var notes: [String] = []

    /// Whether a dimension's name says it is the batch: `batch`, `batch_size`, `N`.
    static func isBatch(_ name: String) -> Bool { name.lowercased().contains("batch") || name == "N" }

    /// Checks the given values against the graph's dimension names and works out the inputs' sizes.
    /// - Throws: ``ModelError`` `.invalidValue` for a name the graph does not have,
    ///   `.unknownDimension` naming every dimension of an input still without a size.
    init(graph: ONNXGraph, given: [String: Int]) throws(ModelError) {
        let initializers = Set(graph.initializers.map(\.name))
        let inputs = graph.inputs.filter { !initializers.contains($0.name) }
        var names: [String] = []
        for info in inputs + graph.outputs + graph.valueInfo {
            for case .param(let name) in info.shape ?? [] where !names.contains(name) { names.append(name) }
        }
        for input in inputs {
            for (axis, dim) in (input.shape ?? []).enumerated() where dim == .unknown {
                names.append("\(input.name).\(axis)")
            }
        }
        for name in given.keys.sorted() where !names.contains(name) {
            throw ModelError(
                .invalidValue,
                names.isEmpty
                    ? "the graph has no dimension named \(name): all its input sizes are fixed"
                    : "the graph has no dimension named \(name); its dynamic dimensions are \(names.joined(separator: ", "))"
            )
        }
        values = given
        var missing: [String] = []
        for input in inputs {
            guard let shape = input.shape else {
                throw ModelError(.unknownDimension, "input \(input.name) declares no shape, so its size is not known")
            }
            for (axis, dim) in shape.enumerated() {
                switch dim {
                case .value(let size):
                    guard size >= 0 else {
                        throw ModelError(.corrupt, "input \(input.name) has size \(size) on axis \(axis)")
                    }
                case .param(let name) where values[name] == nil:
                    if ONNXDimensions.isBatch(name) {
                        values[name] = 1
                        notes.append("dimension \(name) not given: counted as 1, figures are per sample")
                    } else if !missing.contains(name) {
                        missing.append(name)
                    }
                case .unknown where values["\(input.name).\(axis)"] == nil:
                    missing.append("\(input.name).\(axis)")
                default:
                    break
                }
                if case .param(let name) = dim, ONNXDimensions.isBatch(name), let size = values[name] { batch = size }
            }
        }
        guard missing.isEmpty else {
            throw ModelError(
                .unknownDimension,
                "the graph's dynamic dimension\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) "
                    + "\(missing.count == 1 ? "has" : "have") no value")
        }
    }

    /// The sizes of a declared value's dimensions; throws for a dimension without one.
    func resolve(_ info: ONNXValueInfo) throws(ModelError) -> [Int] {
        guard let shape = info.shape else { throw ModelError(.unknownDimension, "\(info.name) has no shape") }
        let sizes = try shape.enumerated().map { (axis, dim) throws(ModelError) -> Int in
            switch dim {
            case .value(let size): return size
            case .param(let name):
                guard let size = values[name] else { throw ModelError(.unknownDimension, "\(name) has no value") }
                return size
            case .unknown:
                guard let size = values["\(info.name).\(axis)"] else {
                    throw ModelError(.unknownDimension, "\(info.name) axis \(axis) has no size")
                }
                return size
            }
        }
        guard Shapes.count(sizes) != nil else { throw ONNXCounter.tooLarge(info.name) }
        return sizes
    }
}
