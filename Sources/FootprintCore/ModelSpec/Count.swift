/// Whole-number arithmetic for a model's counts (values, parameters), refused past
/// ``ModelAnalysis/countLimit`` with an error that names where: a spec can give a billion units to
/// each of several layers, and their products must not wrap or trap.
struct Count {
    /// Where the count is taken, e.g. "layer 3 (dense 1000000000)".
    let at: String

    /// The product of `factors`, each ≥ 0.
    func product(_ factors: [Int], _ what: String) throws(ModelSpecError) -> Int {
        var result = 1
        for factor in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow, next <= ModelAnalysis.countLimit else { throw tooLarge(what) }
            result = next
        }
        return result
    }

    /// The sum of `terms`, each ≥ 0.
    func sum(_ terms: [Int], _ what: String) throws(ModelSpecError) -> Int {
        var result = 0
        for term in terms {
            let (next, overflow) = result.addingReportingOverflow(term)
            guard !overflow, next <= ModelAnalysis.countLimit else { throw tooLarge(what) }
            result = next
        }
        return result
    }

    func tooLarge(_ what: String) -> ModelSpecError {
        ModelSpecError(
            "\(at) is too large: its \(what) exceed 2^53 (about 9.0e15), more than any machine holds; "
                + "make the layer smaller", reason: .tooLarge)
    }
}
