import FootprintCore
import Testing

@testable import FootprintLab

@Suite struct PruningTests {
    func trainedNetwork() throws -> (Network, Dataset) {
        let data = Dataset.synthetic(samples: 300, inputs: 12, classes: 4, seed: 21)
        let network = try Network.from(.mlp(inputs: 12, depth: 2, width: 24, classes: 4), seed: 21)
        _ = try Trainer(epochs: 5, batchSize: 16, seed: 21).train(
            network, on: data, test: data, optimizer: SGD(learningRate: 0.1, momentum: 0.9))
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
        let sparse = try SparseInference(network)
        let viaCSR = try sparse.forward(batch)
        #expect(viaCSR.rows == dense.rows && viaCSR.columns == dense.columns)
        for i in 0..<dense.count { #expect(abs(viaCSR.storage[i] - dense.storage[i]) < 1e-4) }
        let weights = network.layers.compactMap { $0 as? Dense }.reduce(0) { $0 + $1.weights.count }
        #expect(sparse.nonzeros == weights - Int((Double(weights) * 0.6).rounded(.down)))
    }

    @Test func csrLayout() throws {
        let w = Matrix(rows: 3, columns: 2, values: [1, 0, 0, 2, 3, 0])  // inputs × outputs
        let csr = CSRMatrix(dense: w)
        #expect(csr.rowStarts == [0, 2, 3])
        #expect(csr.columns == [0, 2, 1])
        #expect(csr.values == [1, 3, 2])
        var y = Matrix(rows: 0, columns: 0)
        try csr.multiply(Matrix(rows: 1, columns: 3, values: [1, 1, 1]), bias: [0.5, -0.5], into: &y)
        #expect(y.storage.prefix(2) == [4.5, 1.5])
    }

    /// A conv net's conv weights are pruned with its dense ones, and the sparse path runs the whole
    /// network, conv and pooling included (it used to drop them and multiply 64-wide rows by
    /// 256-value inputs, reading past the end).
    @Test(arguments: [false, true])
    func convNetsPruneAndRunWhollySparse(average: Bool) throws {
        let spec = ModelSpec(
            name: "cnn", input: [2, 6, 6],
            layers: [
                .conv2d(filters: 4, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.relu),
                average ? .avgPool2d(size: 2, stride: 2) : .maxPool2d(size: 2, stride: 2),
                .conv2d(filters: 3, kernel: 2, stride: 2, padding: .explicit(1), bias: true), .activation(.tanh),
                .flatten, .dense(units: 5, bias: true), .softmax
            ])
        let network = try Network.from(spec, seed: 5)
        let weights = MagnitudePruning.weightMatrices(network)
        #expect(weights.count == 3, "two conv layers and one dense")
        let total = weights.reduce(0) { $0 + $1.count }
        MagnitudePruning.prune(network, sparsity: 0.5)
        let convZeros = network.layers.compactMap { $0 as? Conv2D }.flatMap {
            $0.weights.value.storage.prefix($0.weights.count)
        }
        .filter { $0 == 0 }.count
        #expect(convZeros > 0, "conv weights are pruned too")
        var random = SeededRandom(seed: 6)
        let batch = Matrix(rows: 19, columns: 72, values: (0..<19 * 72).map { _ in random.normal() })
        let dense = network.forward(Buffer(batch)).matrix
        let sparse = try SparseInference(network)
        #expect(sparse.nonzeros == total - total / 2)
        let viaCSR = try sparse.forward(batch)
        #expect(viaCSR.rows == dense.rows && viaCSR.columns == dense.columns)
        for i in 0..<dense.count { #expect(abs(viaCSR.storage[i] - dense.storage[i]) < 1e-4, "\(i)") }
    }

    /// Shapes are checked before any unchecked loop reads: a mismatch throws, it never reads past the end.
    @Test func mismatchedShapesThrowBeforeReading() throws {
        let csr = CSRMatrix(dense: Matrix(rows: 3, columns: 2, values: [1, 0, 0, 2, 3, 0]))
        var y = Matrix(rows: 0, columns: 0)
        #expect(throws: SparseShapeMismatch(operand: "CSR 3 → 2 input row", expected: 3, given: 4)) {
            try csr.multiply(Matrix(rows: 2, columns: 4), bias: [0, 0], into: &y)
        }
        #expect(throws: SparseShapeMismatch(operand: "CSR 3 → 2 bias", expected: 2, given: 1)) {
            try csr.multiply(Matrix(rows: 2, columns: 3), bias: [0], into: &y)
        }
        let (network, _) = try trainedNetwork()
        let sparse = try SparseInference(network)
        #expect(throws: SparseShapeMismatch(operand: "sparse network input row", expected: 12, given: 256)) {
            try sparse.forward(Matrix(rows: 1, columns: 256))
        }
    }
}
