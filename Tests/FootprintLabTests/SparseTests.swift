import Testing

@testable import FootprintLab

@Suite struct SparseTests {
    /// The Lasso finds the two features a target depends on and zeroes the rest.
    @Test func lassoRecoversASparseRelation() {
        var random = SeededRandom(seed: 11)
        let n = 200, d = 6
        let x = (0..<n * d).map { _ in random.normal() }
        // Class 1 exactly when 2·x0 − 3·x2 > 0: a linear score on two of the six features.
        let labels = (0..<n).map { row in 2 * x[row * d] - 3 * x[row * d + 2] > 0 ? Int32(1) : 0 }
        let data = Dataset(features: Matrix(rows: n, columns: d, values: x), labels: labels, classes: 2, source: "test")
        let model = Lasso.train(data, lambda: 0.05, sweeps: 200)
        let class1 = (0..<d).map { model.weights[$0, 1] }
        #expect(class1[0] > 0.05)
        #expect(class1[2] < -0.05)
        for j in [1, 3, 4, 5] { #expect(abs(class1[j]) < 0.02, "feature \(j): \(class1[j])") }
        #expect(model.nonzeroFraction < 1)
        #expect(model.accuracy(on: data) > 0.85)
    }

    @Test func l1LogisticTradesWeightsForAccuracy() throws {
        let data = Dataset.synthetic(samples: 300, inputs: 10, classes: 3, seed: 4)
        let (train, test) = data.split(testFraction: 0.3, seed: 4)
        let light = L1Logistic.train(train, lambda: 1e-4, iterations: 150)
        let heavy = L1Logistic.train(train, lambda: 5e-2, iterations: 150)
        #expect(light.model.accuracy(on: test) > 0.7, "chance is 1/3")
        #expect(heavy.model.nonzeroFraction < light.model.nonzeroFraction)
        // FISTA's objective falls overall (it need not fall at every step).
        let first = try #require(light.losses.first), last = try #require(light.losses.last)
        #expect(last < first)
        #expect(light.model.parameterCount == 10 * 3 + 3)
    }

    @Test func powerIterationFindsTheLargestEigenvalue() {
        // X = diag(3, 1) repeated: XᵀX/n = diag(9, 1)/1 → 9.
        let x = Matrix(rows: 2, columns: 2, values: [3, 0, 0, 1])
        #expect(abs(Lasso.largestEigenvalue(x, rows: 2, columns: 2) - 4.5) < 1e-3)
    }
}
