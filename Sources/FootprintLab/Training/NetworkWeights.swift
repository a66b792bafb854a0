import FootprintCore
import FootprintModels
import Foundation

/// A network's weights in a safetensors file that PyTorch loads as it is: each parameter is named
/// `layers.I.weight` or `layers.I.bias`, I being its layer's place (from 0) in the model spec, which
/// is the name a `torch.nn.Sequential` of the spec's layers holds as a module's `layers`; shapes are
/// PyTorch's. The metadata carries the model spec, so that a file alone rebuilds its network.
public enum NetworkWeights {
    /// Metadata key of the model spec, as JSON (``ModelSpec/jsonText``).
    public static let specKey = "footprint.spec"
    /// Metadata key of this layout's version.
    public static let formatKey = "footprint.weights_format"
    /// Metadata key of what wrote the file ("footprint 0.1.0 lab train").
    public static let producerKey = "footprint.producer"
    /// The version written, and the one this reader knows.
    public static let formatVersion = "1"

    /// The file for `network`, built from `spec`: its parameters, then the spec, the format and
    /// `producer` in the metadata (and "format": "pt", which PyTorch's tools read as a hint).
    public static func encode(_ network: Network, spec: ModelSpec, producer: String) -> [UInt8] {
        SafeTensors.encode(
            named(network).map {
                SafeTensors.Tensor(name: $0.name, shape: $0.layout.shape, values: values(of: $0.layout))
            },
            metadata: [
                "format": "pt", specKey: spec.jsonText, formatKey: formatVersion, producerKey: producer
            ])
    }

    /// The model spec a file carries; nil when it carries none (a file written elsewhere).
    /// - Throws: ``NetworkWeightsError`` for a file of a newer layout, or a spec that does not parse.
    public static func spec(in file: SafeTensors) throws(NetworkWeightsError) -> ModelSpec? {
        if let version = file.metadata[formatKey], version != formatVersion {
            throw NetworkWeightsError(
                "written in weights format \(Format.clipped(version, to: 20)); this footprint reads format "
                    + formatVersion, reason: .unknownFormat)
        }
        guard let text = file.metadata[specKey] else { return nil }
        do {
            return try SpecModel.labNetwork(parsing: Data(text.utf8))
        } catch {
            throw NetworkWeightsError("its model spec: \(error.message)", reason: .invalidSpec)
        }
    }

    /// Sets `network`'s parameters to `file`'s tensors. Every parameter needs a tensor of its name,
    /// of dtype F32 and of its shape, and the file may hold no others; all of it is checked before
    /// anything changes, so a refused file leaves the network as it was.
    /// - Throws: ``NetworkWeightsError`` naming the layer, the tensor and both shapes.
    public static func load(_ file: SafeTensors, into network: Network) throws(NetworkWeightsError) {
        var loads: [(TensorLayout, [Float])] = []
        var expected: Set<String> = []
        for (name, layer, layout) in named(network) {
            expected.insert(name)
            guard let entry = file.entry(named: name) else {
                throw NetworkWeightsError("the file has no tensor \(name) for \(layer)", reason: .missingTensor)
            }
            guard entry.shape == layout.shape else {
                throw NetworkWeightsError(
                    "\(layer): \(name) is \(entry.shape) in the file but \(layout.shape) in the network",
                    reason: .shapeMismatch)
            }
            guard let values = file.floats(entry) else {
                throw NetworkWeightsError(
                    "\(layer): \(name) is \(entry.dtype.rawValue) in the file; the lab reads F32 weights",
                    reason: .dtypeMismatch)
            }
            loads.append((layout, values))
        }
        if let extra = file.entries.first(where: { !expected.contains($0.name) }) {
            throw NetworkWeightsError(
                "the file has a tensor \(Format.clipped(extra.name, to: 80)) \(extra.shape) that the network has "
                    + "no place for: it was written for another model", reason: .unexpectedTensor)
        }
        for (layout, values) in loads { set(layout, values) }
    }

    /// Every parameter with its file name and the layer it belongs to ("layer 3 (dense 64→10)").
    static func named(_ network: Network) -> [(name: String, layer: String, layout: TensorLayout)] {
        zip(network.layers, network.specIndices).flatMap { layer, index in
            layer.tensorLayouts.map {
                ("layers.\(index).\($0.name)", "layer \(index + 1) (\(layer.summary))", $0)
            }
        }
    }

    /// The parameter's values in PyTorch's order: a transposed one (a dense weight, in × out here)
    /// is written out × in.
    static func values(of layout: TensorLayout) -> [Float] {
        let matrix = layout.parameter.value
        guard layout.transposed else { return Array(matrix.storage.prefix(matrix.count)) }
        var values = [Float](repeating: 0, count: matrix.count)
        for row in 0..<matrix.rows {
            for column in 0..<matrix.columns { values[column * matrix.rows + row] = matrix[row, column] }
        }
        return values
    }

    /// The reverse of ``values(of:)``.
    /// - Precondition: `values` has the parameter's count (the shapes were compared).
    static func set(_ layout: TensorLayout, _ values: [Float]) {
        let parameter = layout.parameter
        let (rows, columns) = (parameter.value.rows, parameter.value.columns)
        for row in 0..<rows {
            for column in 0..<columns {
                parameter.value[row, column] =
                    layout.transposed ? values[column * rows + row] : values[row * columns + column]
            }
        }
    }
}

/// Weights that do not fit a network, or a freeze it cannot take.
public struct NetworkWeightsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, to match on.
    public enum Reason: Sendable, Equatable {
        /// A parameter of the network has no tensor in the file.
        case missingTensor
        /// The file has a tensor the network has no parameter for.
        case unexpectedTensor
        /// A tensor's shape differs from its parameter's.
        case shapeMismatch
        /// A tensor is not 32-bit float.
        case dtypeMismatch
        /// The file's weights format is not one this version reads.
        case unknownFormat
        /// The model spec in the file's metadata does not parse.
        case invalidSpec
        /// More layers to freeze than the network has with parameters.
        case freezeBeyondLayers
    }

    public let reason: Reason
    /// What is wrong, for the user.
    public let message: String

    public init(_ message: String, reason: Reason) {
        self.message = message
        self.reason = reason
    }

    public var description: String { message }
}
