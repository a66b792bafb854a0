import FootprintCore
import Testing

@testable import FootprintLab

/// A spec's `"bias": false` on dense and conv2d layers: the lab trains no bias, so its parameter
/// count is the analysis's.
@Suite struct BiasFreeLayerTests {
    let spec = ModelSpec(
        name: "bias-free", input: [2, 5, 5],
        layers: [
            .conv2d(filters: 3, kernel: 3, stride: 1, padding: .same, bias: false), .activation(.tanh),
            .maxPool2d(size: 2, stride: 2),
            .conv2d(filters: 2, kernel: 2, stride: 2, padding: .explicit(1), bias: true),
            .flatten, .dense(units: 4, bias: false), .activation(.relu), .dense(units: 3, bias: true), .softmax
        ])

    @Test func theParameterCountIsTheAnalysis() throws {
        let network = try Network.from(spec, seed: 2)
        #expect(network.parameterCount == (try spec.analyze()).parameters)
        let conv = try #require(network.layers.first as? Conv2D)
        #expect(conv.bias == nil)
        #expect(conv.parameters.count == 1)
        let dense = try #require(network.layers.compactMap { $0 as? Dense }.first)
        #expect(dense.bias == nil)
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let network = try Network.from(spec, seed: 13)
        var random = SeededRandom(seed: 14)
        let x = Matrix(rows: 4, columns: 50, values: (0..<200).map { _ in random.normal() })
        FiniteDifferences.expectGradientsMatch(network, x, [0, 2, 1, 2], step: 1e-3, absoluteTolerance: 3e-3)
    }

    /// A bias-free network trains, and its fp16 and sparse forms run it too.
    @Test func aBiasFreeNetworkTrains() throws {
        let spec = ModelSpec(
            name: "bias-free-mlp", input: [12],
            layers: [
                .dense(units: 16, bias: false), .activation(.relu), .dense(units: 4, bias: false), .softmax
            ])
        let data = Dataset.synthetic(samples: 200, inputs: 12, classes: 4, seed: 5)
        let network = try Network.from(spec, seed: 5)
        let result = try Trainer(epochs: 4, batchSize: 16, seed: 5)
            .train(network, on: data, test: data, optimizer: SGD(learningRate: 0.1, momentum: 0.9))
        let losses = result.epochLosses
        #expect(losses.allSatisfy { $0.isFinite })
        #expect((losses.last ?? .infinity) < (losses.first ?? 0))
        #expect(network.parameterCount == 12 * 16 + 16 * 4)
        #expect(HalfPrecisionInference(network).parameterBytes == network.parameterCount * 2)
        _ = try SparseInference(network)
    }

    /// Without a bias, a zero input gives a zero output.
    @Test func aBiasFreeDenseLayerMapsZeroToZero() {
        var random = SeededRandom(seed: 3)
        let dense = Dense(inputs: 3, outputs: 2, bias: false, random: &random, gemm: SwiftGEMM())
        let y = dense.forward(Buffer(Matrix(rows: 2, columns: 3, values: Array(repeating: 0, count: 6))))
        #expect(Array(y.matrix.storage.prefix(4)) == [0, 0, 0, 0])
    }
}
