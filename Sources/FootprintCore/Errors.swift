/// Input that a computation cannot accept: a reason to match on, and a message that says what to change.
///
/// The message names the input in the library's own terms ("inference energy (J)", "epochs"); a front
/// end that took it from a flag or a setting says so with ``naming(_:)`` or its own advice per reason.
public struct InvalidInput: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of fault it is, to match on; a struct with named values (as swift-system's `Errno`)
    /// so that a module can add its own.
    public struct Reason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A number outside the values the computation accepts: not positive, not a fraction, too large.
        public static let outOfBounds = Reason(rawValue: "outOfBounds")
        /// A result that is not a finite number: the inputs are too large together.
        public static let notFinite = Reason(rawValue: "notFinite")
        /// The hardware has no published peak throughput at the precision asked for.
        public static let noPublishedPeak = Reason(rawValue: "noPublishedPeak")
        /// Text that does not read as what it should be (a settings line, a number, a string).
        public static let malformed = Reason(rawValue: "malformed")
        /// A name the reader does not know (a setting, a table).
        public static let unknownName = Reason(rawValue: "unknownName")
        /// The same thing given twice where once is the most.
        public static let duplicate = Reason(rawValue: "duplicate")
        /// A file that is not the kind asked for, or that cannot be read.
        public static let unusableFile = Reason(rawValue: "unusableFile")
        /// A file written in another format than the one asked for (a CSV of other columns).
        public static let foreignFormat = Reason(rawValue: "foreignFormat")
        /// Too much memory needed for the work asked of it.
        public static let tooLarge = Reason(rawValue: "tooLarge")
        /// A request its front end refuses as a whole (a command line whose parts do not go together).
        public static let usage = Reason(rawValue: "usage")
    }

    /// What kind of fault, to match on.
    public let reason: Reason
    /// The input concerned, as the message names it ("epochs"), when the fault is one input's.
    public let subject: String?
    /// What is wrong, after the subject: "must be 1 or more; got 0".
    public let statement: String

    /// A fault of the input `subject`: its message is `subject` then `statement`.
    public init(_ reason: Reason, subject: String, _ statement: String) {
        self.reason = reason
        self.subject = subject
        self.statement = statement
    }

    /// A fault with a whole message of its own.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.subject = nil
        self.statement = message
    }

    /// The message for the user.
    public var message: String { subject.map { "\($0) \(statement)" } ?? statement }

    public var description: String { message }

    /// The same fault naming the input as its front end knows it (`--epochs`, `FOOTPRINT_PUE`): the
    /// statement is kept, the subject replaced. An error without a subject is returned unchanged.
    public func naming(_ name: String) -> InvalidInput {
        subject == nil ? self : InvalidInput(reason, subject: name, statement)
    }
}

/// Checks of numeric inputs shared by every estimate.
enum Check {
    /// A finite number > 0.
    static func positive(_ value: Double, _ name: String) throws(InvalidInput) -> Double {
        guard value.isFinite, value > 0 else {
            throw InvalidInput(
                .outOfBounds, subject: name, "must be a number greater than 0; got \(Format.significant(value))")
        }
        return value
    }

    /// A finite number ≥ 0.
    static func nonNegative(_ value: Double, _ name: String) throws(InvalidInput) -> Double {
        guard value.isFinite, value >= 0 else {
            throw InvalidInput(
                .outOfBounds, subject: name, "must be a number of 0 or more; got \(Format.significant(value))")
        }
        return value
    }

    /// A fraction in (0, 1].
    static func fraction(_ value: Double, _ name: String) throws(InvalidInput) -> Double {
        guard value.isFinite, value > 0, value <= 1 else {
            throw InvalidInput(
                .outOfBounds, subject: name,
                "must be a fraction greater than 0 and at most 1; got \(Format.significant(value))")
        }
        return value
    }
}
