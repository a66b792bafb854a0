import Testing
@testable import FootprintLab

@Suite struct PruningTests {
    func trainedNetwork() throws -> (Network, Dataset) {
        let data = Dataset.synthetic(samples: 300, inputs: 12, classes: 4, seed: 21)
        let network = try Network.from(.mlp(inputs: 12, depth: 2, width: 24, classes: 4), seed: 21)
        _ = try Trainer(epochs: 5, batchSize: 16, seed: 21).train(network, on: data, test: data, optimizer: SGD(learningRate: 0.1, momentum: 0.9))
        return (network, data)
    }

    @Test func prunesToTheTargetShareOfWeights() throws {
        let (network, _) = try trainedNetwork()
        let weights = network.layers.compactMap { $0 as? Dense }.reduce(0) { $0 + $1.weights.count }
        let zeroShare = MagnitudePruning.prune(network, sparsity: 0.75)
        #expect(abs(zeroShare - 0.75) < 1.0 / Double(weights))
        // The survivors are the largest: no pruned weight was bigger than a kept one.
        let dense = network.layers.compactMap { $0 as? Dense }
        let kept = dense.flatMap { $0.weights.value.storage.prefix($0.weights.count) }.filter { $0 != 0 }.map(abs)
        #expect(kept.count == weights - Int((Double(weights) * 0.75).rounded(.down)))
        #expect(MagnitudePruning.prune(network, sparsity: 0) == 0.75, "pruning to less changes nothing")
    }

    @Test func csrInferenceEqualsDenseInferenceOfThePrunedWeights() throws {
        let (network, data) = try trainedNetwork()
        MagnitudePruning.prune(network, sparsity: 0.6)
        let batch = data.subset(Array(0..<20)).features
        let dense = network.forward(Buffer(batch)).matrix
        let sparse = SparseInference(network)
        let viaCSR = sparse.forward(batch)
        #expect(viaCSR.rows == dense.rows && viaCSR.columns == dense.columns)
        for i in 0..<dense.count { #expect(abs(viaCSR.storage[i] - dense.storage[i]) < 1e-4) }
        let weights = network.layers.compactMap { $0 as? Dense }.reduce(0) { $0 + $1.weights.count }
        #expect(sparse.nonzeros == weights - Int((Double(weights) * 0.6).rounded(.down)))
    }

    @Test func csrLayout() {
        let w = Matrix(rows: 3, columns: 2, values: [1, 0, 0, 2, 3, 0])  // inputs × outputs
        let csr = CSRMatrix(dense: w)
        #expect(csr.rowStarts == [0, 2, 3])
        #expect(csr.columns == [0, 2, 1])
        #expect(csr.values == [1, 3, 2])
        var y = Matrix(rows: 0, columns: 0)
        csr.multiply(Matrix(rows: 1, columns: 3, values: [1, 1, 1]), bias: [0.5, -0.5], into: &y)
        #expect(y.storage.prefix(2) == [4.5, 1.5])
    }
}
