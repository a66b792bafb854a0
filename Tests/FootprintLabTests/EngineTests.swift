import FootprintCore
import Foundation
import Testing

@testable import FootprintLab

@Suite struct GEMMTests {
    /// Naive reference: C = alpha·op(A)·op(B) + beta·C.
    static func reference(
        _ ta: Bool, _ tb: Bool, m: Int, n: Int, k: Int, alpha: Float, a: [Float], lda: Int,
        b: [Float], ldb: Int, beta: Float, c: [Float], ldc: Int
    ) -> [Float] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                var sum: Float = 0
                for p in 0..<k {
                    sum += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j])
                }
                out[i * ldc + j] = alpha * sum + beta * c[i * ldc + j]
            }
        }
        return out
    }

    /// Every kernel this CPU runs, each transpose case, and shapes that reach every edge path
    /// (rows not a multiple of 4, columns past the 16- and 8-wide blocks).
    @Test(
        arguments: SwiftGEMM.Kernel.allCases.filter(\.isAvailable),
        [(false, false), (true, false), (false, true), (true, true)])
    func agreesWithTheReference(kernel: SwiftGEMM.Kernel, transposes: (Bool, Bool)) {
        var random = SeededRandom(seed: 7)
        for (m, n, k) in [(1, 1, 1), (3, 17, 5), (32, 100, 64), (9, 8, 33), (7, 40, 3), (6, 25, 0)] {
            let (ta, tb) = transposes
            let lda = ta ? m : k, ldb = tb ? k : n
            let a = (0..<(ta ? k * m : m * k)).map { _ in random.normal() }
            let b = (0..<(tb ? n * k : k * n)).map { _ in random.normal() }
            let c0 = (0..<m * n).map { _ in random.normal() }
            let expected = Self.reference(
                ta, tb, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b, ldb: ldb, beta: 0.25, c: c0, ldc: n)
            var c = c0
            c.withUnsafeMutableBufferPointer { cs in
                guard let base = cs.baseAddress else { return }
                SwiftGEMM(kernel: kernel).gemm(
                    transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b, ldb: ldb,
                    beta: 0.25, c: base, ldc: n)
            }
            for (x, y) in zip(c, expected) {
                #expect(abs(x - y) <= 1e-4 * max(1, abs(y)), "\(kernel) \(m)×\(n)×\(k) \(transposes)")
            }
        }
    }
}

extension GEMMTests {
    /// A product big enough to be split over threads gives the one-thread answer, for each way
    /// the column bands index op(B).
    @Test(arguments: [false, true])
    func threadedProductsAgree(transposeB: Bool) {
        var random = SeededRandom(seed: 11)
        let (m, n, k) = (33, 120, 512)  // m·n·k above the threshold; n not a whole number of panels
        #expect(m * n * k >= GEMMBackends.parallelWorkThreshold)
        let ldb = transposeB ? k : n
        let a = (0..<m * k).map { _ in random.normal() }, b = (0..<n * k).map { _ in random.normal() }
        func product(_ gemm: SwiftGEMM) -> [Float] {
            var c = [Float](repeating: 1, count: m * n)
            c.withUnsafeMutableBufferPointer { cs in
                guard let base = cs.baseAddress else { return }
                gemm.gemm(
                    transposeA: false, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: ldb,
                    beta: 1, c: base, ldc: n)
            }
            return c
        }
        let single = product(SwiftGEMM(threads: 1))
        #expect(product(SwiftGEMM(threads: 2)) == single)
        #expect(product(SwiftGEMM(threads: 3)) == single)
    }
}

@Suite struct BenchmarkTests {
    @Test func medianOfRuns() {
        #expect(Benchmark.median([3, 1, 2]) == 2)
        #expect(Benchmark.median([4, 1, 2, 3]) == 2.5)
        #expect(Benchmark.median([]).isNaN)
    }
}

@Suite struct GradientTests {
    /// Every analytic gradient agrees with a central finite difference (float64 would do better;
    /// in float32 a few per cent is the honest tolerance).
    @Test(arguments: [Activation.Function.relu, .tanh, .sigmoid], LossKind.allCases)
    func denseAndActivationBackwardMatchFiniteDifferences(function: Activation.Function, kind: LossKind) {
        var random = SeededRandom(seed: 3)
        let gemm = SwiftGEMM()
        let layers: [any NetworkLayer] = [
            Dense(inputs: 4, outputs: 5, random: &random, gemm: gemm), Activation(function),
            Dense(inputs: 5, outputs: 3, random: &random, gemm: gemm)
        ]
        let x = Matrix(rows: 6, columns: 4, values: (0..<24).map { _ in random.normal() })
        let labels: [Int32] = [0, 1, 2, 1, 0, 2]
        let network = Network(layers: layers, inputs: 4, classes: 3, loss: kind.make())
        FiniteDifferences.expectGradientsMatch(
            network, x, labels, step: 1e-2, absoluteTolerance: 2e-3,
            label: "\(function), \(kind) ")
    }

    /// The first layer is asked for no input gradient; its parameters' gradients must not change.
    @Test func skippingTheInputGradientKeepsTheParameterGradients() throws {
        var random = SeededRandom(seed: 5)
        let gemm = SwiftGEMM()
        let image = ImageShape(channels: 1, height: 4, width: 4)
        let layers: [any NetworkLayer] = [
            Dense(inputs: 16, outputs: 6, random: &random, gemm: gemm),
            try Conv2D(input: image, filters: 2, kernel: 3, stride: 1, padding: 1, random: &random, gemm: gemm)
        ]
        let x = Buffer(Matrix(rows: 3, columns: 16, values: (0..<48).map { _ in random.normal() }))
        for layer in layers {
            let input = layer is Dense ? x : Buffer(Matrix(rows: 3, columns: 16, values: x.matrix.storage))
            let output = layer.forward(input)
            let dy = Buffer(
                Matrix(
                    rows: output.rows, columns: output.columns,
                    values: (0..<output.matrix.count).map { _ in random.normal() }))
            _ = layer.backward(dy, inputGradient: true)
            let full = layer.parameters.map(\.gradient.storage)
            _ = layer.backward(dy, inputGradient: false)
            #expect(layer.parameters.map(\.gradient.storage) == full, "\(layer.summary)")
        }
    }

    @Test func meanSquaredErrorAgainstOneHotTargets() {
        let loss = MeanSquaredError()
        let outputs = Buffer(Matrix(rows: 2, columns: 3, values: [1, 0, 0, 0.5, 0, 2]))
        let value = loss.loss(outputs, labels: [0, 2])
        // Row 1 is exact; row 2 is off by 0.5 and 1 (2 against 1): (0.25 + 1) over the batch’s 6 elements.
        #expect(abs(value - 1.25 / 6) < 1e-6)
        let expected: [Float] = [0, 0, 0, 1.0 / 6, 0, 2.0 / 6]
        for (got, want) in zip(loss.gradient.matrix.storage, expected) { #expect(abs(got - want) < 1e-6) }
    }

    @Test func aFinalSoftmaxGoesWithCrossEntropyOnly() throws {
        let spec = ModelSpec.mlp(inputs: 4, depth: 1, width: 8, classes: 3)
        #expect(throws: ModelSpecError.self) { try Network.from(spec, seed: 1, loss: .meanSquaredError) }
        var bare = spec
        bare.layers.removeLast()
        let network = try Network.from(bare, seed: 1, loss: .meanSquaredError)
        #expect(network.lossFunction is MeanSquaredError)
    }

    @Test func inputGradientOfTheLoss() {
        let loss = SoftmaxCrossEntropy()
        let logits = Buffer(Matrix(rows: 2, columns: 3, values: [1, 2, 3, 0, 0, 0]))
        let value = loss.loss(logits, labels: [2, 0])
        // Row 1: −log softmax₂ of (1, 2, 3); row 2: log 3.
        let e1: Double = Foundation.exp(1.0), e2: Double = Foundation.exp(2.0), e3: Double = Foundation.exp(3.0)
        let expected = (-(3 - Foundation.log(e1 + e2 + e3)) + Foundation.log(3.0)) / 2
        #expect(abs(Double(value) - expected) < 1e-5)
        // Each gradient row sums to zero: softmax sums to one, minus the one-hot.
        for row in 0..<2 {
            let sum = (0..<3).reduce(Float(0)) { $0 + loss.gradient.matrix[row, $1] }
            #expect(abs(sum) < 1e-6)
        }
    }
}

@Suite struct TrainingTests {
    @Test func digitsAreBundled() throws {
        let digits = try Dataset.digits()
        #expect(digits.count == 1_797)
        #expect(digits.inputs == 64)
        #expect(Set(digits.labels) == Set(0...9))
        #expect(digits.features.storage.allSatisfy { $0 >= 0 && $0 <= 1 })
        let (train, test) = digits.split(testFraction: 0.2, seed: 1)
        #expect(train.count + test.count == 1_797)
        #expect(test.count == 359)
        #expect(digits.split(testFraction: 0.2, seed: 1).test.labels == test.labels, "the split is seeded")
    }

    @Test func trainingLearnsASyntheticTask() throws {
        let data = Dataset.synthetic(samples: 600, inputs: 8, classes: 3, seed: 5)
        let (train, test) = data.split(testFraction: 0.25, seed: 5)
        let network = try Network.from(ModelSpec.mlp(inputs: 8, depth: 1, width: 16, classes: 3), seed: 5)
        let trainer = try Trainer(epochs: 15, batchSize: 16, seed: 5)
        let result = trainer.train(network, on: train, test: test, optimizer: SGD(learningRate: 0.1, momentum: 0.9))
        let first = try #require(result.epochLosses.first), last = try #require(result.epochLosses.last)
        #expect(last < first * 0.5)
        #expect(result.testAccuracy > 0.8, "a linear teacher is easy; chance is 1/3")
        #expect(result.parameters == 8 * 16 + 16 + 16 * 3 + 3)
        #expect(result.nonzeroFraction == 1)
    }

    @Test func sameSeedSameResult() throws {
        func run() throws -> [Float] {
            let data = Dataset.synthetic(samples: 200, inputs: 4, classes: 2, seed: 9)
            let network = try Network.from(ModelSpec.mlp(inputs: 4, depth: 1, width: 8, classes: 2), seed: 9)
            let trainer = try Trainer(epochs: 3, batchSize: 10, seed: 9)
            return trainer.train(network, on: data, test: data, optimizer: Adam(learningRate: 0.01)).epochLosses
        }
        #expect(try run() == run())
    }

    @Test func specsTheLabCannotTrainYetAreRefusedByName() throws {
        let sequence = ModelSpec(name: "lm", input: [16], layers: [.embedding(vocabulary: 100, dimensions: 8)])
        #expect(throws: ModelSpecError.self) { try Network.from(sequence, seed: 1) }
        let attention = ModelSpec(
            name: "x", input: [4],
            layers: [.dense(units: 4, bias: true), .dropout(rate: 0.1), .dense(units: 2, bias: true)])
        #expect {
            try Network.from(attention, seed: 1)
        } throws: { ($0 as? ModelSpecError)?.message.contains("layer 2 (dropout 0.1) is not in the lab yet") == true }
        #expect(throws: InvalidInput.self) { try Trainer(epochs: 0, batchSize: 1, seed: 1) }
    }
}

@Suite struct OpenBLASTests {
    static let available = OpenBLASGEMM() != nil

    @Test(
        .enabled(if: OpenBLASTests.available, "needs libopenblas (Debian: libopenblas0)"),
        arguments: [(false, false), (true, false), (false, true), (true, true)])
    func agreesWithTheSwiftKernel(transposes: (Bool, Bool)) throws {
        let blas = try #require(OpenBLASGEMM(threads: 2))
        var random = SeededRandom(seed: 17)
        let (m, n, k) = (33, 70, 45)
        let (ta, tb) = transposes
        let lda = ta ? m : k, ldb = tb ? k : n
        let a = (0..<m * k).map { _ in random.normal() }, b = (0..<k * n).map { _ in random.normal() }
        let c0 = (0..<m * n).map { _ in random.normal() }
        let expected = GEMMTests.reference(
            ta, tb, m: m, n: n, k: k, alpha: 1.5, a: a, lda: lda, b: b, ldb: ldb, beta: -0.5, c: c0, ldc: n)
        var c = c0
        c.withUnsafeMutableBufferPointer { cs in
            guard let base = cs.baseAddress else { return }
            blas.gemm(
                transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 1.5, a: a, lda: lda, b: b, ldb: ldb,
                beta: -0.5, c: base, ldc: n)
        }
        for (x, y) in zip(c, expected) { #expect(abs(x - y) <= 1e-3 * max(1, abs(y))) }
    }

    @Test func missingLibraryIsNil() {
        #expect(OpenBLASGEMM(libraries: ["/nonexistent/libopenblas.so.0"]) == nil)
        #expect(GEMMBackends.named("swift", threads: 1)?.name == SwiftGEMM.Kernel.best.rawValue)
        #expect(GEMMBackends.named("swift-baseline", threads: 1)?.name == "swift-simd")
        #expect(GEMMBackends.named("fast", threads: 1) == nil)
    }
}
