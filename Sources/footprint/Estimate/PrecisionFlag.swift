import FootprintCore

extension Precision {
    /// The value of `--precision` (estimate compute, estimate lifecycle), or the flag's one-line error.
    static func flag(_ value: String) throws -> Precision {
        do {
            return try Precision(parsing: value)
        } catch {
            throw InvalidInput("--precision \(error)")
        }
    }
}
