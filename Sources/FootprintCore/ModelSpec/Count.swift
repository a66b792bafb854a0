/// Whole-number arithmetic for a model's counts (values, parameters), refused past
/// ``ModelAnalysis/countLimit`` with an error that names where: a spec can give a billion units to
/// each of several layers, and their products must not wrap or trap.
public struct Count: Sendable {
    /// Where the count is taken, e.g. "layer 3 (dense 1000000000)".
    public let at: String

    /// A count taken at `at`, which every error names.
    public init(at: String) { self.at = at }

    /// The product of `factors`, each ≥ 0.
    public func product(_ factors: [Int], _ what: String) throws(ModelSpecError) -> Int {
        var result = 1
        for factor in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow, next <= ModelAnalysis.countLimit else { throw tooLarge(what) }
            result = next
        }
        return result
    }

    /// The sum of `terms`, each ≥ 0.
    public func sum(_ terms: [Int], _ what: String) throws(ModelSpecError) -> Int {
        var result = 0
        for term in terms {
            let (next, overflow) = result.addingReportingOverflow(term)
            guard !overflow, next <= ModelAnalysis.countLimit else { throw tooLarge(what) }
            result = next
        }
        return result
    }

    /// The error for a count past the limit: `what` ("weights") at this place.
    public func tooLarge(_ what: String) -> ModelSpecError {
        ModelSpecError(
            "\(at) is too large: its \(what) exceed 2^53 (about 9.0e15), more than any machine holds; "
                + "make the layer smaller", reason: .tooLarge)
    }
}
