/// The parts of an ONNX model Footprint reads, decoded from the messages of `onnx.proto` (the field
/// numbers below are those of the ONNX specification, facts of the format). Everything else in the
/// file, weights above all, is skipped.
struct ONNXModel {
    var irVersion: Int64 = 0
    /// Operator sets imported: domain ("" is the default ONNX domain) and version.
    var opsets: [(domain: String, version: Int64)] = []
    var producer = ""
    var producerVersion = ""
    var graph = ONNXGraph()
}

/// A graph: its nodes in order, the weights (initializers) and the declared inputs and outputs.
struct ONNXGraph {
    var name = ""
    var nodes: [ONNXNode] = []
    var initializers: [ONNXTensor] = []
    var inputs: [ONNXValueInfo] = []
    var outputs: [ONNXValueInfo] = []
    var valueInfo: [ONNXValueInfo] = []
}

/// One operator application.
struct ONNXNode {
    var name = ""
    var opType = ""
    var domain = ""
    var inputs: [String] = []
    var outputs: [String] = []
    var attributes: [String: ONNXAttribute] = [:]
}

/// An attribute's value; graphs (the bodies of If, Loop, Scan) are read but not counted.
enum ONNXAttribute {
    case int(Int64)
    case float(Double)
    case ints([Int64])
    case floats([Double])
    case string(String)
    case tensor(ONNXTensor)
    case graph(ONNXGraph)
    case other
}

/// A tensor's description: name, element type, shape, and its values only where they are few
/// (the shapes, axes and pads that other operators take as inputs); the data itself never.
struct ONNXTensor {
    var name = ""
    var dims: [Int] = []
    var dataType: Int32 = 0
    /// Decoded values, for integer tensors of at most ``ONNXTensor/decodedLimit`` elements and float
    /// ones of at most ``ONNXTensor/decodedFloatLimit``; nil otherwise.
    var values: [Double]?
    /// Whether the data lives in another file (`data_location: EXTERNAL`); that file is not read.
    var isExternal = false

    /// The most elements decoded from a tensor: enough for any shape or axes list.
    static let decodedLimit = 4096
    /// The most elements decoded from a float tensor: a scale per axis, a constant.
    static let decodedFloatLimit = 16

    /// Whether the element type is a floating-point one (float, float16, double, bfloat16, the float8 and float4 kinds).
    var isFloat: Bool { ONNXTensor.floatTypes.contains(dataType) }
    /// Element types that store integers (and booleans).
    var isInteger: Bool { ONNXTensor.integerTypes.contains(dataType) }

    static let floatTypes: Set<Int32> = [1, 10, 11, 16, 17, 18, 19, 20, 23, 24]
    static let integerTypes: Set<Int32> = [2, 3, 4, 5, 6, 7, 9, 12, 13, 21, 22]

    /// Elements in the tensor (1 for a scalar); nil if a dimension is negative.
    var elementCount: Int? {
        var count = 1
        for dim in dims {
            guard dim >= 0 else { return nil }
            let (next, overflow) = count.multipliedReportingOverflow(by: dim)
            guard !overflow else { return nil }
            count = next
        }
        return count
    }
}

/// A declared value: name, element type and shape, each dimension a size, a name, or neither.
struct ONNXValueInfo {
    enum Dim: Hashable {
        case value(Int)
        case param(String)
        case unknown
    }

    var name = ""
    var elementType: Int32 = 0
    /// nil where the declaration gives no shape at all (rank unknown).
    var shape: [Dim]?
}
