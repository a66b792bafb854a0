import FootprintCore
import Synchronization
import Testing

@testable import FootprintLab

/// `--freeze N`: the first N layers with weights keep them, get no optimiser state, and cost no
/// backward work.
@Suite struct FreezeTests {
    /// A layer that records each backward call (its place, and whether an input gradient was asked
    /// for) and otherwise is the layer it wraps.
    final class Recording: NetworkLayer {
        let inner: any NetworkLayer
        let place: Int
        let log: Log

        init(_ inner: any NetworkLayer, place: Int, log: Log) {
            self.inner = inner
            self.place = place
            self.log = log
        }

        func forward(_ input: Buffer) -> Buffer { inner.forward(input) }
        func backward(_ gradient: Buffer, inputGradient: Bool) -> Buffer {
            log.calls.append((place, inputGradient))
            return inner.backward(gradient, inputGradient: inputGradient)
        }
        var parameters: [Parameter] { inner.parameters }
        var summary: String { inner.summary }
        var tensorLayouts: [TensorLayout] { inner.tensorLayouts }
    }

    final class Log { var calls: [(place: Int, inputGradient: Bool)] = [] }

    /// Counts the multiply-adds of every product it is given (lock: `count`'s Mutex).
    final class CountingGEMM: GEMMBackend {
        let count = Mutex(0)
        var name: String { "counting" }
        func gemm(
            transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>,
            lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
        ) {
            count.withLock { $0 += m * n * k }
            SwiftGEMM().gemm(
                transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b,
                ldb: ldb, beta: beta, c: c, ldc: ldc)
        }
    }

    static let spec = ModelSpec.mlp(inputs: 8, depth: 2, width: 16, classes: 10)
    static let data = Dataset.synthetic(samples: 200, inputs: 8, seed: 4)

    @Test func frozenWeightsStayBitForBitAndTheRestTrain() throws {
        for optimizer in [SGD(learningRate: 0.1, momentum: 0.9), Adam(learningRate: 0.01)] as [any Optimizer] {
            let network = try Network.from(Self.spec, seed: 2)
            try network.freeze(first: 2)
            let before = network.parameters.map(\.value)
            let (train, test) = Self.data.split(testFraction: 0.2, seed: 1)
            _ = try Trainer(epochs: 2, batchSize: 16, seed: 1).train(
                network, on: train, test: test, optimizer: optimizer)
            let after = network.parameters.map(\.value)
            // Two dense layers with a bias each are frozen; the last layer's weight and bias train.
            #expect(after[0..<4].map(\.storage) == before[0..<4].map(\.storage))
            #expect(after[4].storage != before[4].storage && after[5].storage != before[5].storage)
            #expect(network.parameters[0..<4].allSatisfy { $0.firstMoment.isEmpty && $0.secondMoment.isEmpty })
            #expect(!network.parameters[4].firstMoment.isEmpty, "the layer that trains has its optimiser state")
            #expect(network.trainableParameters.count == 2)
        }
    }

    @Test func backwardStopsAtTheLowestLayerThatTrains() throws {
        let log = Log()
        let built = try Network.from(Self.spec, seed: 2)
        let network = Network(
            layers: built.layers.enumerated().map { Recording($1, place: $0, log: log) }, inputs: 8, classes: 10)
        let batch = Buffer(Self.data.subset(Array(0..<16)).features)
        let labels = Self.data.labels[0..<16]
        // dense, relu, dense, relu, dense: all trains, then everything below the last dense is frozen.
        network.lossAndGradients(batch, labels: labels)
        #expect(log.calls.map(\.place) == [4, 3, 2, 1, 0])
        #expect(log.calls.map(\.inputGradient) == [true, true, true, true, false])
        log.calls = []
        try network.freeze(first: 2)
        network.lossAndGradients(batch, labels: labels)
        #expect(log.calls.map(\.place) == [4], "no backward call on a frozen layer, nor the activations below")
        #expect(log.calls.map(\.inputGradient) == [false], "and no input gradient from the lowest that trains")
        log.calls = []
        try network.freeze(first: 3)
        network.lossAndGradients(batch, labels: labels)
        #expect(log.calls.isEmpty, "everything frozen: forward and loss only")
        try network.freeze(first: 0)
        network.lossAndGradients(batch, labels: labels)
        #expect(log.calls.count == 5)
    }

    @Test func freezingAllButTheLastLayerDoesOnlyItsWeightGradient() throws {
        func multiplyAdds(freezing frozen: Int) throws -> (forward: Int, step: Int) {
            let gemm = CountingGEMM()
            let network = try Network.from(Self.spec, seed: 2, gemm: gemm)
            try network.freeze(first: frozen)
            let batch = Buffer(Self.data.subset(Array(0..<16)).features)
            _ = network.forward(batch)
            let forward = gemm.count.withLock { $0 }
            network.lossAndGradients(batch, labels: Self.data.labels[0..<16])
            return (forward, gemm.count.withLock { $0 } - forward)
        }
        let all = try multiplyAdds(freezing: 0)
        let head = try multiplyAdds(freezing: 2)
        // Forward: 16 × (8·16 + 16·16 + 16·10). Backward of everything: ∂W for all three layers and
        // ∂X for the upper two; with the first two frozen, only the last layer's ∂W = Xᵀ·dY.
        #expect(all.forward == 16 * (8 * 16 + 16 * 16 + 16 * 10))
        #expect(all.step == all.forward + 16 * (8 * 16 + 16 * 16 + 16 * 10) + 16 * (16 * 16 + 16 * 10))
        #expect(head.step == head.forward + 16 * 16 * 10)
        #expect(head.step < all.step)
    }

    @Test func freezingPastTheLayersWithWeightsIsRefused() throws {
        let network = try Network.from(Self.spec, seed: 2)
        #expect(network.parameterisedLayerCount == 3)
        for count in [-1, 4] {
            #expect(throws: NetworkWeightsError.self) { try network.freeze(first: count) }
            do {
                try network.freeze(first: count)
            } catch {
                #expect(error.reason == .freezeBeyondLayers && error.message.contains("3 with parameters"))
            }
        }
        #expect(network.firstTrainable == 0, "a refused freeze changes nothing")
    }
}
