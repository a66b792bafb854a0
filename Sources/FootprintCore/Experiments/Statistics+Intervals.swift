/// Quantiles of Student's t distribution, for intervals from a few measurements.
public enum StudentT {
    /// The two-sided 95 % critical value (the 0.975 quantile) for `degreesOfFreedom` ≥ 1: from the
    /// table up to 30 (three decimals, as printed tables give it), beyond that Fisher's (1925)
    /// expansion about the normal quantile, within 0.001 of the exact value there.
    public static func quantile975(degreesOfFreedom: Int) -> Double {
        let table: [Double] = [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
        ]
        let df = max(degreesOfFreedom, 1)
        if df <= table.count { return table[df - 1] }
        let z = 1.959_964, v = Double(df)
        let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
            + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
    }
}

extension Statistics {
    /// The sample standard deviation (n − 1 in the denominator); nil for fewer than two values or
    /// any value that is not finite.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2, let mean = mean(values) else { return nil }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }
}
