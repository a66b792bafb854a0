import FootprintCore

/// A model description that cannot be read, does not fit together, or cannot be counted.
public struct ModelError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What is wrong, to match on; a struct with named values (as swift-system's `Errno`) so that
    /// each format's reader can add its own.
    public struct Reason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file cannot be read (missing, a folder, no permission).
        public static let unreadable = Reason(rawValue: "unreadable")
        /// The file is none of the formats Footprint reads.
        public static let unknownFormat = Reason(rawValue: "unknownFormat")
        /// JSON that does not parse; the message gives the line and column.
        public static let syntax = Reason(rawValue: "syntax")
        /// A key no layer, node or config of that kind takes; the message lists the valid ones.
        public static let unknownKey = Reason(rawValue: "unknownKey")
        /// A layer type the spec format does not have; the message lists those it has.
        public static let unknownLayerType = Reason(rawValue: "unknownLayerType")
        /// A value missing, of the wrong kind or out of range; the message quotes it.
        public static let invalidValue = Reason(rawValue: "invalidValue")
        /// A layer or node does not take the shape its input gives.
        public static let shapeMismatch = Reason(rawValue: "shapeMismatch")
        /// A graph node names an input no node or model input produces, or the graph has a cycle.
        public static let badGraph = Reason(rawValue: "badGraph")
        /// A count exceeds ``ModelAnalysis/countLimit``.
        public static let tooLarge = Reason(rawValue: "tooLarge")
        /// Dynamic dimensions without a value (`--dim name=value` gives them); the message names them.
        public static let unknownDimension = Reason(rawValue: "unknownDimension")
        /// A binary file that is truncated or not what it claims to be (a protobuf that breaks off).
        public static let corrupt = Reason(rawValue: "corrupt")
        /// A Hugging Face config of a family Footprint does not count; the message lists those it does.
        public static let unsupportedFamily = Reason(rawValue: "unsupportedFamily")
        /// The lab cannot train this model: a layer it has no implementation of.
        public static let notTrainable = Reason(rawValue: "notTrainable")
    }

    /// What is wrong.
    public let reason: Reason
    /// The message for the user: one line, naming the place in the file and what to do.
    public let message: String

    /// Creates an error.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }

    /// The same error with the file's path in front, for messages from a reader that saw only bytes.
    public func at(path: String) -> ModelError { ModelError(reason, "\(path): \(message)") }
}

extension ModelError {
    /// A Core spec error in this type, its reason kept.
    public init(_ error: ModelSpecError) {
        let reason: Reason =
            switch error.reason {
            case .unreadable: .unreadable
            case .syntax: .syntax
            case .invalidValue: .invalidValue
            case .shapeMismatch: .shapeMismatch
            case .tooLarge: .tooLarge
            case .notTrainable: .notTrainable
            }
        self.init(reason, error.message)
    }
}
