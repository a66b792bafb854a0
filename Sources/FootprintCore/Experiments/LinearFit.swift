/// A least-squares line y = slope · x + intercept with its coefficient of determination R².
public struct LinearFit: Sendable, Hashable, Codable {
    public var slope: Double
    public var intercept: Double
    /// 1 − (residual sum of squares / total sum of squares). A series with no variation in y
    /// that the line meets exactly (a flat series) has R² = 1: the line explains all there is.
    public var rSquared: Double

    public init(slope: Double, intercept: Double, rSquared: Double) {
        self.slope = slope
        self.intercept = intercept
        self.rSquared = rSquared
    }

    /// The fitted value at x.
    public func predicted(at x: Double) -> Double { slope * x + intercept }

    /// The least-squares line through the points. Nil for unequal lengths, a value that is not
    /// finite, or fewer than two distinct x (no line is determined by one x).
    public init?(x: [Double], y: [Double]) {
        guard x.count == y.count, let meanX = Statistics.mean(x), let meanY = Statistics.mean(y) else { return nil }
        var sxx = 0.0
        var sxy = 0.0
        for (a, b) in zip(x, y) {
            sxx += (a - meanX) * (a - meanX)
            sxy += (a - meanX) * (b - meanY)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        let intercept = meanY - slope * meanX
        var residual = 0.0
        var total = 0.0
        for (a, b) in zip(x, y) {
            let error = b - (slope * a + intercept)
            residual += error * error
            total += (b - meanY) * (b - meanY)
        }
        // A flat series leaves total = 0; the fit is then exact up to rounding, and R² = 1.
        let rSquared = total > 0 ? max(0, 1 - residual / total) : 1
        self.init(slope: slope, intercept: intercept, rSquared: rSquared)
    }

    enum CodingKeys: String, CodingKey {
        case slope, intercept
        case rSquared = "r_squared"
    }
}
