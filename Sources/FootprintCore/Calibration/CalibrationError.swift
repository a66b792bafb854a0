/// A calibration that cannot be read, does not belong to this machine, or cannot speak for a model.
public struct CalibrationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, to match on.
    public struct Reason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file cannot be read (missing, a folder, no permission).
        public static let unreadable = Reason(rawValue: "unreadable")
        /// The file is not JSON, or not a calibration's JSON.
        public static let corrupt = Reason(rawValue: "corrupt")
        /// A calibration written by a newer Footprint, in a version this one does not know.
        public static let newerVersion = Reason(rawValue: "newerVersion")
        /// Made on another machine or with another engine, device, BLAS or thread count.
        public static let otherMachine = Reason(rawValue: "otherMachine")
        /// The model has a layer the calibration did not measure.
        public static let uncoveredLayer = Reason(rawValue: "uncoveredLayer")
        /// A figure outside what the calibration accepts (a batch of 0).
        public static let invalidInput = Reason(rawValue: "invalidInput")
        /// The measurements do not determine the model (too few, or all alike).
        public static let underdetermined = Reason(rawValue: "underdetermined")
    }

    public let reason: Reason
    /// One line a user can act on.
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
