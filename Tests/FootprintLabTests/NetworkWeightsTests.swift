import FootprintCore
import Foundation
import Testing

@testable import FootprintLab

/// `--save` and `--init`: a network's weights in a safetensors file, named and shaped as PyTorch's.
@Suite struct NetworkWeightsTests {
    /// Conv, pooling, flatten and dense, with and without a bias: every kind of layer the lab trains.
    static let cnn = ModelSpec(
        name: "small-cnn", input: [1, 8, 8],
        layers: [
            .conv2d(filters: 3, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.relu),
            .maxPool2d(size: 2, stride: 2), .conv2d(filters: 4, kernel: 3, stride: 1, padding: .valid, bias: false),
            .activation(.tanh), .flatten, .dense(units: 10, bias: true), .softmax
        ])
    static let data = Dataset.synthetic(samples: 64, inputs: 64, seed: 9)

    static func predictions(_ network: Network) -> [UInt32] {
        network.forward(Buffer(data.features)).matrix.storage.prefix(data.count * 10).map(\.bitPattern)
    }

    @Test func savedThenLoadedWeightsGiveBitIdenticalPredictions() throws {
        let trained = try Network.from(Self.cnn, seed: 1)
        let (train, test) = Self.data.split(testFraction: 0.25, seed: 1)
        _ = try Trainer(epochs: 2, batchSize: 8, seed: 1).train(
            trained, on: train, test: test, optimizer: SGD(learningRate: 0.05, momentum: 0.9))
        let bytes = NetworkWeights.encode(trained, spec: Self.cnn, producer: "test")
        let file = try SafeTensors(parsing: bytes)
        let spec = try #require(try NetworkWeights.spec(in: file))
        #expect(spec == Self.cnn, "the file carries its model")
        #expect(file.metadata[NetworkWeights.producerKey] == "test")
        #expect(file.metadata[NetworkWeights.formatKey] == NetworkWeights.formatVersion)
        let loaded = try Network.from(spec, seed: 99)
        #expect(Self.predictions(loaded) != Self.predictions(trained), "different seeds, different weights")
        try NetworkWeights.load(file, into: loaded)
        #expect(Self.predictions(loaded) == Self.predictions(trained))
        #expect(loaded.parameters.map(\.value) == trained.parameters.map(\.value))
    }

    @Test func tensorsAreNamedByTheirSpecLayerInPyTorchsShapes() throws {
        let network = try Network.from(Self.cnn, seed: 1)
        let file = try SafeTensors(parsing: NetworkWeights.encode(network, spec: Self.cnn, producer: "test"))
        // Spec layers 0 (conv), 3 (conv, no bias), 6 (dense after the flatten): a PyTorch Sequential's names.
        #expect(
            file.entries.map { "\($0.name) \($0.shape)" } == [
                "layers.0.weight [3, 1, 3, 3]", "layers.0.bias [3]", "layers.3.weight [4, 3, 3, 3]",
                "layers.6.weight [10, 16]", "layers.6.bias [10]"
            ])
        // A dense weight is in × out here and [out, in] in the file: value (o, i) is W[i, o].
        let dense = try #require(network.layers.last as? Dense)
        let values = try #require(file.entry(named: "layers.6.weight").flatMap(file.floats))
        for o in 0..<10 { for i in 0..<16 { #expect(values[o * 16 + i] == dense.weights.value[i, o]) } }
        // A conv weight is already [out, in, kh, kw] in row-major order.
        let conv = try #require(network.layers.first as? Conv2D)
        #expect(file.entry(named: "layers.0.weight").flatMap(file.floats) == conv.weights.value.storage)
    }

    @Test func aMismatchNamesTheLayerAndBothShapesAndChangesNothing() throws {
        let small = try Network.from(.mlp(inputs: 8, depth: 1, width: 16, classes: 10), seed: 1)
        let file = try SafeTensors(
            parsing: NetworkWeights.encode(
                small, spec: .mlp(inputs: 8, depth: 1, width: 16, classes: 10), producer: "test"))
        let wide = try Network.from(.mlp(inputs: 8, depth: 1, width: 32, classes: 10), seed: 1)
        let before = wide.parameters.map(\.value)
        #expect(throws: NetworkWeightsError.self) { try NetworkWeights.load(file, into: wide) }
        do {
            try NetworkWeights.load(file, into: wide)
        } catch {
            #expect(error.reason == .shapeMismatch)
            #expect(
                error.message
                    == "layer 1 (dense 8→32): layers.0.weight is [16, 8] in the file but [32, 8] in the network")
        }
        #expect(wide.parameters.map(\.value) == before)

        let deeper = try Network.from(.mlp(inputs: 8, depth: 2, width: 16, classes: 10), seed: 1)
        do {
            try NetworkWeights.load(file, into: deeper)
            Issue.record("a file for fewer layers loaded")
        } catch {
            #expect(error.reason == .missingTensor || error.reason == .shapeMismatch, "\(error.message)")
        }
        let shallow = try Network.from(.mlp(inputs: 8, depth: 0, width: 16, classes: 10), seed: 1)
        do {
            try NetworkWeights.load(file, into: shallow)
            Issue.record("a file for more layers loaded")
        } catch {
            #expect(error.reason == .shapeMismatch || error.reason == .unexpectedTensor, "\(error.message)")
        }
    }

    @Test func otherDTypesAndNewerFormatsAreRefused() throws {
        // A file PyTorch could have written in half precision: the right names and shapes, F16.
        let header =
            #"{"layers.0.weight": {"dtype": "F16", "shape": [10, 8], "data_offsets": [0, 160]}, "#
            + #""layers.0.bias": {"dtype": "F16", "shape": [10], "data_offsets": [160, 180]}}"#
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes += $0 }
        bytes += Array(header.utf8) + Array(repeating: 0, count: 180)
        let network = try Network.from(.mlp(inputs: 8, depth: 0, width: 1, classes: 10), seed: 1)
        let file = try SafeTensors(parsing: bytes)
        #expect(try NetworkWeights.spec(in: file) == nil, "no spec in a file written elsewhere")
        do {
            try NetworkWeights.load(file, into: network)
            Issue.record("F16 loaded as F32")
        } catch {
            #expect(error.reason == .dtypeMismatch && error.message.contains("F16"))
        }
        let newer = SafeTensors.encode([], metadata: [NetworkWeights.formatKey: "2"])
        #expect(
            throws: NetworkWeightsError(
                "written in weights format 2; this footprint reads format 1", reason: .unknownFormat)
        ) {
            _ = try NetworkWeights.spec(in: try SafeTensors(parsing: newer))
        }
    }
}
