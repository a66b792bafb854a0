import FootprintCore
import Foundation

@testable import FootprintModels

/// Reads one layer object as the spec reader does: its type looked up in ``SpecLayers``, its keys
/// checked against the type's, then the type's own reading.
func specLayer(_ json: String) throws -> any SpecLayer {
    guard case .object(var object) = try JSONValue.document(Data(json.utf8)),
        case .string(let type)? = object.removeValue(forKey: "type")
    else { throw ModelError(.syntax, "a test layer is an object with a \"type\"") }
    guard let kind = SpecLayers.type(named: type) else {
        throw ModelError(.unknownLayerType, "no layer type \(type)")
    }
    let fields = SpecFields(object, path: "layers[0]", type: type.lowercased())
    try fields.checkKeys(kind.keys)
    return try kind.init(type: type.lowercased(), fields: fields)
}

/// The figures of one layer object for `inputs`.
func specFigures(_ json: String, _ inputs: [Int]...) throws -> SpecFigures {
    try specLayer(json).figures(inputs: inputs, count: Count(at: "the test layer"))
}

/// Layers applied one after another, their figures summed as a model's totals are: a stand-in
/// for the spec reader where a test needs a whole model's count from layer objects alone.
struct LayerChain {
    var shape: [Int]
    var parameters = 0
    var activeParameters = 0
    var forwardFLOPs = 0.0
    var activationElements = 0

    init(input: [Int]) { shape = input }

    /// Applies `json` `repeats` times; `memory` is a second input (a decoder block's encoder output).
    mutating func apply(_ json: String, repeats: Int = 1, memory: [Int]? = nil) throws {
        let layer = try specLayer(json)
        for _ in 0..<repeats {
            let figures = try layer.figures(
                inputs: [shape] + (memory.map { [$0] } ?? []), count: Count(at: "the test layer"))
            parameters += figures.parameters
            activeParameters += figures.activeParameters
            forwardFLOPs += figures.forwardFLOPs
            activationElements += figures.activationElements
            shape = figures.outputShape
        }
    }

    /// Adds figures counted elsewhere (a grid layer's, before the spec reader joins them).
    mutating func add(parameters: Int, flops: Double, output: [Int]) {
        self.parameters += parameters
        activeParameters += parameters
        forwardFLOPs += flops
        shape = output
    }
}

/// The reference counts taken from PyTorch by `Fixtures/sequence/make_sequence_references.py`.
struct TorchReferences: Decodable {
    struct Case: Decodable {
        let parameters: Int
        let flops: Double?
    }

    let torch: String
    let cases: [String: Case]

    static func load() throws -> TorchReferences {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/sequence/references.json")
        return try JSONDecoder().decode(TorchReferences.self, from: Data(contentsOf: url))
    }

    subscript(_ name: String) -> Case {
        get throws {
            guard let found = cases[name] else { throw ModelError(.invalidValue, "no reference \(name)") }
            return found
        }
    }
}
