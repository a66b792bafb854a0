/// Why no plan can be made from what was asked, with a reason to match on and one line for the user.
public struct PlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the request.
    public struct Reason: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The deadline is not after now.
        public static let deadlinePassed = Reason(rawValue: "deadline-passed")
        /// The earliest start is not before the deadline.
        public static let notBeforeAfterDeadline = Reason(rawValue: "not-before-after-deadline")
        /// The time between the earliest start and the deadline is shorter than the job.
        public static let windowTooShort = Reason(rawValue: "window-too-short")
        /// No place to plan for.
        public static let noLocations = Reason(rawValue: "no-locations")
        /// The job's length or energy is not a positive, finite number.
        public static let badJob = Reason(rawValue: "bad-job")
    }

    public var reason: Reason
    /// One line: what is wrong and what to do.
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
