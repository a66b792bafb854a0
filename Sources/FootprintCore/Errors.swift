/// Input that a computation cannot accept, with a message that says what to change.
public struct InvalidInput: Error, CustomStringConvertible, Sendable, Equatable {
    /// The message for the user.
    public let message: String

    /// Creates an error with a message for the user.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// Checks of numeric inputs shared by every estimate.
enum Check {
    /// A finite number > 0.
    static func positive(_ value: Double, _ name: String) throws(InvalidInput) -> Double {
        guard value.isFinite, value > 0 else {
            throw InvalidInput("\(name) must be a number greater than 0; got \(Format.significant(value))")
        }
        return value
    }

    /// A finite number ≥ 0.
    static func nonNegative(_ value: Double, _ name: String) throws(InvalidInput) -> Double {
        guard value.isFinite, value >= 0 else {
            throw InvalidInput("\(name) must be a number of 0 or more; got \(Format.significant(value))")
        }
        return value
    }

    /// A fraction in (0, 1].
    static func fraction(_ value: Double, _ name: String) throws(InvalidInput) -> Double {
        guard value.isFinite, value > 0, value <= 1 else {
            throw InvalidInput(
                "\(name) must be a fraction greater than 0 and at most 1; got \(Format.significant(value))")
        }
        return value
    }
}
