/// A data set that cannot be made: a bundled one unreadable (a defect of the build), or a recipe
/// that keeps no sample.
public struct DatasetError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, to match on.
    public enum Reason: Sendable, Hashable {
        /// The binary was built without the data set.
        case notBundled
        /// A row does not have the data set's columns.
        case malformedRow
        /// A filter on the labels kept no sample.
        case noSamples
    }

    public let reason: Reason
    /// The data set's name.
    public let dataset: String
    /// The start of the malformed row.
    public let row: String?

    public init(_ reason: Reason, dataset: String, row: String? = nil) {
        self.reason = reason
        self.dataset = dataset
        self.row = row
    }

    public var description: String {
        switch reason {
        case .notBundled: "the \(dataset) data set is not bundled"
        case .malformedRow: "malformed \(dataset) row: \(row ?? "")"
        case .noSamples: "no sample of \(dataset) has the classes asked for"
        }
    }
}
