import Foundation

/// A linear classifier with sparse weights: scores = X·W + b, prediction = arg-max.
public struct SparseLinearModel: Sendable {
    /// Features × classes.
    public var weights: Matrix
    public var bias: [Float]
    /// What trained it, for the output.
    public var method: String

    /// Weights that are not exactly zero.
    public var nonzeroWeights: Int { weights.storage.prefix(weights.count).count { $0 != 0 } }

    /// Share of weights that are not exactly zero.
    public var nonzeroFraction: Double {
        weights.count == 0 ? 0 : Double(nonzeroWeights) / Double(weights.count)
    }

    /// Weights plus biases.
    public var parameterCount: Int { weights.count + bias.count }

    /// Accuracy on a data set.
    public func accuracy(on data: Dataset) -> Double {
        var correct = 0
        let (d, k) = (weights.rows, weights.columns)
        for row in 0..<data.count {
            var best = 0, bestScore = -Float.infinity
            for c in 0..<k {
                var score = bias[c]
                for j in 0..<d { score += data.features[row, j] * weights[j, c] }
                if score > bestScore { (best, bestScore) = (c, score) }
            }
            if Int32(best) == data.labels[row] { correct += 1 }
        }
        return Double(correct) / Double(max(data.count, 1))
    }
}

/// L1-regularised multinomial logistic regression by FISTA (Beck & Teboulle 2009):
/// minimise mean cross-entropy(softmax(XW + b), y) + λ‖W‖₁ with proximal gradient steps and
/// Nesterov momentum; the step is 1/L, with L bounding the gradient's Lipschitz constant.
public enum L1Logistic {
    public static func train(
        _ data: Dataset, lambda: Float, iterations: Int
    ) -> (model: SparseLinearModel, losses: [Float]) {
        let (n, d, k) = (data.count, data.inputs, data.classes)
        // The softmax cross-entropy's Hessian is at most ½·XᵀX/n in the weights (and ½ in the bias).
        let lipschitz = max(0.5 * Lasso.largestEigenvalue(data.features, rows: n, columns: d) + 0.5, 1e-6)
        let step = 1 / lipschitz
        var w = [Float](repeating: 0, count: d * k), b = [Float](repeating: 0, count: k)
        var previousW = w, previousB = b
        var yW = w, yB = b
        var t: Float = 1
        var losses: [Float] = []
        var probabilities = [Float](repeating: 0, count: n * k)
        for _ in 0..<iterations {
            // Gradient of the smooth part at the extrapolated point (yW, yB).
            var loss: Float = 0
            for row in 0..<n {
                var peak = -Float.infinity
                for c in 0..<k {
                    var z = yB[c]
                    for j in 0..<d { z += data.features[row, j] * yW[j * k + c] }
                    probabilities[row * k + c] = z
                    peak = max(peak, z)
                }
                var sum: Float = 0
                for c in 0..<k {
                    probabilities[row * k + c] = exp(probabilities[row * k + c] - peak)
                    sum += probabilities[row * k + c]
                }
                let label = Int(data.labels[row])
                for c in 0..<k { probabilities[row * k + c] /= sum }
                loss -= log(max(probabilities[row * k + label], 1e-30))
                probabilities[row * k + label] -= 1
            }
            var gradW = [Float](repeating: 0, count: d * k), gradB = [Float](repeating: 0, count: k)
            for row in 0..<n {
                for c in 0..<k {
                    let r = probabilities[row * k + c] / Float(n)
                    gradB[c] += r
                    if r != 0 { for j in 0..<d { gradW[j * k + c] += data.features[row, j] * r } }
                }
            }
            // Proximal step: gradient step, then soft-thresholding of the weights (not the bias).
            let threshold = lambda * step
            for i in 0..<(d * k) {
                let v = yW[i] - step * gradW[i]
                w[i] = v > threshold ? v - threshold : (v < -threshold ? v + threshold : 0)
            }
            for c in 0..<k { b[c] = yB[c] - step * gradB[c] }
            let nextT = (1 + (1 + 4 * t * t).squareRoot()) / 2
            let momentum = (t - 1) / nextT
            for i in 0..<(d * k) { yW[i] = w[i] + momentum * (w[i] - previousW[i]) }
            for c in 0..<k { yB[c] = b[c] + momentum * (b[c] - previousB[c]) }
            (previousW, previousB, t) = (w, b, nextT)
            losses.append(loss / Float(n) + lambda * w.reduce(0) { $0 + abs($1) })
        }
        return (
            SparseLinearModel(
                weights: Matrix(rows: d, columns: k, values: w), bias: b,
                method: "L1-regularised logistic regression (FISTA), λ = \(lambda)"), losses
        )
    }
}

/// The Lasso by cyclic coordinate descent (Friedman, Hastie & Tibshirani 2010): minimise
/// ½n·‖y − Xw − b‖² + λ‖w‖₁ for each class's one-hot target, features and targets centred so
/// the intercept is exact; classification takes the arg-max of the class scores.
public enum Lasso {
    public static func train(_ data: Dataset, lambda: Float, sweeps: Int) -> SparseLinearModel {
        let (n, d, k) = (data.count, data.inputs, data.classes)
        var means = [Float](repeating: 0, count: d)
        for row in 0..<n { for j in 0..<d { means[j] += data.features[row, j] / Float(n) } }
        // Centred columns, stored column by column for the coordinate updates.
        var columns = [Float](repeating: 0, count: n * d)
        var squaredNorms = [Float](repeating: 0, count: d)
        for j in 0..<d {
            for row in 0..<n {
                let v = data.features[row, j] - means[j]
                columns[j * n + row] = v
                squaredNorms[j] += v * v / Float(n)
            }
        }
        var weights = [Float](repeating: 0, count: d * k), bias = [Float](repeating: 0, count: k)
        for c in 0..<k {
            let target = data.labels.map { $0 == Int32(c) ? Float(1) : 0 }
            let mean = target.reduce(0, +) / Float(n)
            var residual = target.map { $0 - mean }
            var w = [Float](repeating: 0, count: d)
            for _ in 0..<sweeps {
                var largestChange: Float = 0
                for j in 0..<d where squaredNorms[j] > 0 {
                    var rho: Float = 0
                    for row in 0..<n { rho += columns[j * n + row] * residual[row] }
                    rho = rho / Float(n) + squaredNorms[j] * w[j]
                    let updated = (rho > lambda ? rho - lambda : (rho < -lambda ? rho + lambda : 0)) / squaredNorms[j]
                    let delta = updated - w[j]
                    if delta != 0 {
                        for row in 0..<n { residual[row] -= delta * columns[j * n + row] }
                        w[j] = updated
                        largestChange = max(largestChange, abs(delta))
                    }
                }
                if largestChange < 1e-5 { break }
            }
            for j in 0..<d { weights[j * k + c] = w[j] }
            bias[c] = mean - zip(w, means).reduce(0) { $0 + $1.0 * $1.1 }
        }
        return SparseLinearModel(
            weights: Matrix(rows: d, columns: k, values: weights), bias: bias,
            method: "Lasso, one-vs-rest on one-hot targets (coordinate descent), λ = \(lambda)")
    }

    /// The largest eigenvalue of XᵀX/n, by power iteration (for FISTA's step size).
    static func largestEigenvalue(_ x: Matrix, rows n: Int, columns d: Int) -> Float {
        var v = [Float](repeating: 1 / Float(d).squareRoot(), count: d)
        var eigenvalue: Float = 0
        for _ in 0..<50 {
            var xv = [Float](repeating: 0, count: n)
            for row in 0..<n { for j in 0..<d { xv[row] += x[row, j] * v[j] } }
            var next = [Float](repeating: 0, count: d)
            for row in 0..<n { for j in 0..<d { next[j] += x[row, j] * xv[row] / Float(n) } }
            let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { return 0 }
            eigenvalue = norm
            v = next.map { $0 / norm }
        }
        return eigenvalue
    }
}
