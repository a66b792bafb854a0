/// Fits one ``FittedModel``: a measured quantity per sample (joules or seconds) as Σ_f c_f · x_f
/// over the calibration's features, every c_f ≥ 0, minimising the squared *relative* error.
///
/// Relative, because the measurements span orders of magnitude (a 16-unit dense layer at batch 256
/// against a convolution at batch 8): absolute least squares would fit the largest and leave the
/// small ones, which a life-cycle estimate cares about as much, tens of percent off. Each row is
/// divided by its measured value, so the fit minimises Σ (ŷ/y − 1)². Non-negative (Lawson and
/// Hanson 1974), because a negative cost per FLOP or per batch is not physical: an unconstrained fit
/// trades a negative term against a positive, collinear one and then extrapolates badly to a
/// network the design did not have. The features span a dozen orders of magnitude (FLOPs per
/// sample in the millions, 1/batch near 0.01), so every column is scaled to a largest value of 1
/// before solving and the coefficients scaled back.
public enum CalibrationFit {
    /// The model fitted to `rows` (one per measurement: its features, in the order of `features`)
    /// and their `measured` values.
    /// - Parameter quantity: the unit of the measured values, for the coefficients' units ("J", "s").
    /// - Throws: ``CalibrationError/Reason/underdetermined`` when there are no more measurements
    ///   than features they exercise, or when the measurements cannot tell a feature from the
    ///   others (it always moves with them); ``CalibrationError/Reason/invalidInput`` for a
    ///   measured value that is not positive or a feature that is negative or not finite.
    public static func fit(
        features: [CalibrationFeature], rows: [[Double]], measured: [Double], quantity: String
    ) throws(CalibrationError) -> FittedModel {
        guard rows.count == measured.count, rows.allSatisfy({ $0.count == features.count }) else {
            throw CalibrationError(.invalidInput, "each measurement needs one value per feature")
        }
        guard measured.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw CalibrationError(
                .invalidInput, "every measured value must be positive to fit relative error; one is zero or less")
        }
        guard rows.allSatisfy({ $0.allSatisfy { $0 >= 0 && $0.isFinite } }) else {
            throw CalibrationError(.invalidInput, "a feature value is negative or not a number")
        }
        // Features no measurement has stay at zero, with no error: nothing was learnt about them.
        let exercised = features.indices.filter { column in rows.contains { $0[column] > 0 } }
        guard !exercised.isEmpty else {
            throw CalibrationError(.underdetermined, "no measurement exercises any feature")
        }
        guard rows.count > exercised.count else {
            throw CalibrationError(
                .underdetermined,
                "\(rows.count) measurements cannot determine \(exercised.count) coefficients and their error; "
                    + "measure at least \(exercised.count + 1)")
        }
        // Relative rows, then each column scaled to a largest value of 1.
        let relative = zip(rows, measured).map { row, y in exercised.map { row[$0] / y } }
        let scales = exercised.indices.map { column in relative.reduce(0.0) { max($0, $1[column]) } }
        let scaled = relative.map { row in zip(row, scales).map { $0 / $1 } }
        try checkIdentifiable(scaled, names: exercised.map { features[$0] })
        let ones = [Double](repeating: 1, count: rows.count)
        let solution = NonNegativeLeastSquares.solve(scaled, ones)

        var coefficients = [Double](repeating: 0, count: features.count)
        for (index, column) in exercised.enumerated() { coefficients[column] = solution.x[index] / scales[index] }
        // Residuals as the fit saw them: predicted ÷ measured − 1.
        let residuals = zip(rows, measured).map { row, y in
            zip(row, coefficients).reduce(0.0) { $0 + $1.0 * $1.1 } / y - 1
        }
        let degrees = rows.count - solution.free.count
        let variance = residuals.reduce(0.0) { $0 + $1 * $1 } / Double(degrees)
        var covariance = [[Double]](
            repeating: [Double](repeating: 0, count: features.count), count: features.count)
        if !solution.free.isEmpty, let inverse = LeastSquares.inverseGram(scaled, columns: solution.free) {
            for (i, a) in solution.free.enumerated() {
                for (j, b) in solution.free.enumerated() {
                    covariance[exercised[a]][exercised[b]] = variance * inverse[i][j] / (scales[a] * scales[b])
                }
            }
        }
        let kept = Set(solution.free.map { exercised[$0] })
        let fitted = features.indices.map { column in
            Coefficient(
                feature: features[column], value: coefficients[column],
                standardError: kept.contains(column) ? max(covariance[column][column], 0).squareRoot() : nil,
                unit: unit(quantity, features[column]))
        }
        let errors = residuals.map(abs)
        return FittedModel(
            coefficients: fitted, covariance: covariance, relativeResidualSD: variance.squareRoot(),
            medianAbsoluteError: Statistics.median(errors) ?? 0, worstAbsoluteError: errors.max() ?? 0,
            degreesOfFreedom: degrees)
    }

    /// A coefficient's unit: the quantity per unit of its feature ("J/FLOP", "J/parameter per batch").
    public static func unit(_ quantity: String, _ feature: CalibrationFeature) -> String {
        switch feature {
        case .parametersPerBatch: "\(quantity)/parameter per batch"
        case .layersPerBatch: "\(quantity)/layer per batch"
        default: "\(quantity)/\(feature.unit)"
        }
    }

    /// Refuses a design in which a feature is a combination of the others: its coefficient would be
    /// whatever the solver happened to pick, not a measurement.
    private static func checkIdentifiable(
        _ scaled: [[Double]], names: [CalibrationFeature]
    ) throws(CalibrationError) {
        var columns: [Int] = []
        for column in names.indices {
            columns.append(column)
            guard LeastSquares.solve(scaled, scaled.map { $0[column] }, columns: columns) != nil else {
                let others = columns.dropLast().map { names[$0].rawValue }
                throw CalibrationError(
                    .underdetermined,
                    "the measurements cannot tell \(names[column].rawValue) apart from "
                        + (others.isEmpty ? "nothing (it never varies)" : others.joined(separator: ", "))
                        + "; measure networks in which it varies on its own")
            }
        }
    }
}
