import Testing

@testable import FootprintLab

@Suite struct HalfPrecisionTests {
    @Test func roundingIsWithinHalfPrecision() {
        let m = Matrix(rows: 1, columns: 4, values: [0.1, -3.14159, 1_000.5, 1e-5])
        let half = HalfMatrix(m)
        #expect(half.bytes == 8)
        for (a, b) in zip(m.storage, half.widened().storage) {
            #expect(abs(a - b) <= max(abs(a) * 1e-3, 1e-7), "\(a) → \(b)")
        }
    }

    @Test func halfPrecisionInferenceUsesRoundedWeightsAndLeavesTheNetworkAlone() throws {
        let data = Dataset.synthetic(samples: 200, inputs: 10, classes: 3, seed: 31)
        let network = try Network.from(.mlp(inputs: 10, depth: 1, width: 16, classes: 3), seed: 31)
        _ = try Trainer(epochs: 4, batchSize: 20, seed: 31).train(
            network, on: data, test: data, optimizer: SGD(learningRate: 0.1, momentum: 0.9))
        let before = network.parameters.map(\.value)
        let batch = Buffer(data.subset(Array(0..<25)).features)
        let full = network.forward(batch).matrix
        let half = HalfPrecisionInference(network)
        let halved = half.forward(batch).matrix
        #expect(half.parameterBytes == network.parameterCount * 2)
        for (a, b) in zip(full.storage.prefix(full.count), halved.storage.prefix(halved.count)) {
            #expect(abs(a - b) < 1e-2 * max(1, abs(a)))
        }
        #expect(network.parameters.map(\.value) == before, "the Float32 weights are restored")
    }
}
