/// Least squares with every coefficient at or above zero: minimise ‖A x − b‖ subject to x ≥ 0, by
/// the active-set method of Lawson and Hanson (1974, "Solving Least Squares Problems", ch. 23).
///
/// Coefficients start at zero (all held); the one whose gradient most lowers the residual is freed,
/// the free ones are solved for by unconstrained least squares, and any that would go negative are
/// stepped back to the bound and held again. It ends when no held coefficient would lower the
/// residual by rising. Each subproblem is solved by Householder QR, not the normal equations, so a
/// badly conditioned design loses half as many digits.
enum NonNegativeLeastSquares {
    struct Solution {
        /// The coefficients, each ≥ 0.
        var x: [Double]
        /// Indices of the coefficients above zero (the free set at the end).
        var free: [Int]
    }

    /// Solves `a` (rows × columns, row-major) x ≈ `b` with x ≥ 0. A column that is zero, or a
    /// combination of the free columns already (it cannot lower the residual), stays at zero.
    static func solve(_ a: [[Double]], _ b: [Double]) -> Solution {
        let columns = a.first?.count ?? 0
        var x = [Double](repeating: 0, count: columns)
        var free: [Int] = []
        var stuck = Set<Int>()
        let scale = a.reduce(0.0) { max($0, $1.reduce(0.0) { max($0, abs($1)) }) }
        let tolerance = 1e-12 * Double(max(a.count, columns)) * max(scale, 1)
        var iterations = 0
        while iterations < 3 * columns + 10 {
            iterations += 1
            let gradient = Self.gradient(a, b, x)
            let candidates = (0..<columns).filter { !free.contains($0) && !stuck.contains($0) }
            guard let entering = candidates.max(by: { gradient[$0] < gradient[$1] }), gradient[entering] > tolerance
            else { break }
            free.append(entering)
            // Inner loop: solve on the free set; step back to the bound any that would go negative.
            while true {
                guard let solved = LeastSquares.solve(a, b, columns: free) else {
                    // The entering column adds nothing the free ones do not span.
                    free.removeAll { $0 == entering }
                    stuck.insert(entering)
                    break
                }
                var z = [Double](repeating: 0, count: columns)
                for (index, column) in free.enumerated() { z[column] = solved[index] }
                if free.allSatisfy({ z[$0] > 0 }) {
                    x = z
                    stuck.removeAll()
                    break
                }
                // The longest step from x towards z that keeps every free coefficient ≥ 0.
                var alpha = 1.0
                for column in free where z[column] <= 0 {
                    let denominator = x[column] - z[column]
                    if denominator > 0 { alpha = min(alpha, x[column] / denominator) }
                }
                for column in 0..<columns { x[column] += alpha * (z[column] - x[column]) }
                let leaving = free.filter { x[$0] <= tolerance }
                for column in leaving { x[column] = 0 }
                free.removeAll { leaving.contains($0) }
                if free.isEmpty { break }
            }
        }
        return Solution(x: x.map { max($0, 0) }, free: free.filter { x[$0] > 0 }.sorted())
    }

    /// Aᵀ(b − A x): where the residual falls fastest as each coefficient rises.
    private static func gradient(_ a: [[Double]], _ b: [Double], _ x: [Double]) -> [Double] {
        var gradient = [Double](repeating: 0, count: x.count)
        for (row, target) in zip(a, b) {
            var residual = target
            for (value, coefficient) in zip(row, x) { residual -= value * coefficient }
            for column in row.indices { gradient[column] += row[column] * residual }
        }
        return gradient
    }
}

/// Unconstrained least squares over some columns of a matrix, by Householder QR.
enum LeastSquares {
    /// The x minimising ‖A_S x − b‖ over the columns `columns` (in that order); nil when those
    /// columns are linearly dependent (a diagonal of R negligible beside the largest).
    static func solve(_ a: [[Double]], _ b: [Double], columns: [Int]) -> [Double]? {
        guard let (r, qtb) = factor(a, b, columns: columns) else { return nil }
        let n = columns.count
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = qtb[i]
            for j in (i + 1)..<n { sum -= r[i][j] * x[j] }
            x[i] = sum / r[i][i]
        }
        return x
    }

    /// (A_SᵀA_S)⁻¹ over `columns`, from R: R⁻¹R⁻ᵀ; nil when the columns are dependent.
    static func inverseGram(_ a: [[Double]], columns: [Int]) -> [[Double]]? {
        guard let (r, _) = factor(a, [Double](repeating: 0, count: a.count), columns: columns) else { return nil }
        let n = columns.count
        // R⁻¹, upper triangular, column by column.
        var inverse = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            inverse[j][j] = 1 / r[j][j]
            for i in stride(from: j - 1, through: 0, by: -1) {
                var sum = 0.0
                for k in (i + 1)...j { sum += r[i][k] * inverse[k][j] }
                inverse[i][j] = -sum / r[i][i]
            }
        }
        var gram = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for k in max(i, j)..<n { sum += inverse[i][k] * inverse[j][k] }
                gram[i][j] = sum
            }
        }
        return gram
    }

    /// R (n × n, upper) and the first n values of Qᵀb for the columns `columns` of `a`; nil when
    /// there are fewer rows than columns or a column adds nothing to those before it.
    private static func factor(
        _ a: [[Double]], _ b: [Double], columns: [Int]
    ) -> (r: [[Double]], qtb: [Double])? {
        let m = a.count, n = columns.count
        guard n > 0, m >= n else { return nil }
        // Column-major copy of the chosen columns, worked on in place.
        var q = columns.map { column in a.map { $0[column] } }
        var y = b
        let largest = q.map { Self.norm($0[...]) }.max() ?? 0
        guard largest > 0 else { return nil }
        for k in 0..<n {
            let alpha = Self.norm(q[k][k...])
            guard alpha > 1e-10 * largest else { return nil }
            let sign: Double = q[k][k] >= 0 ? 1 : -1
            // v = x + sign·‖x‖·e₁, stored over the column; H = I − 2vvᵀ/vᵀv.
            var v = Array(q[k][k...])
            v[0] += sign * alpha
            let vv = v.reduce(0) { $0 + $1 * $1 }
            func reflect(_ column: inout [Double]) {
                var dot = 0.0
                for i in 0..<v.count { dot += v[i] * column[k + i] }
                let factor = 2 * dot / vv
                for i in 0..<v.count { column[k + i] -= factor * v[i] }
            }
            for j in k..<n { reflect(&q[j]) }
            reflect(&y)
        }
        var r = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n { for j in i..<n { r[i][j] = q[j][i] } }
        return (r, Array(y[0..<n]))
    }

    private static func norm(_ values: ArraySlice<Double>) -> Double {
        // Scaled to avoid overflow and underflow in the squares.
        let scale = values.reduce(0.0) { max($0, abs($1)) }
        guard scale > 0 else { return 0 }
        return scale * values.reduce(0.0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot()
    }
}
