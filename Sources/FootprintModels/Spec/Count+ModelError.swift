import FootprintCore

extension Count {
    /// The product of `factors`, as ``Count/product(_:_:)`` but with the module's error.
    func times(_ factors: [Int], _ what: String) throws(ModelError) -> Int {
        do { return try product(factors, what) } catch { throw ModelError(error) }
    }

    /// The sum of `terms`, as ``Count/sum(_:_:)`` but with the module's error.
    func plus(_ terms: [Int], _ what: String) throws(ModelError) -> Int {
        do { return try sum(terms, what) } catch { throw ModelError(error) }
    }
}
