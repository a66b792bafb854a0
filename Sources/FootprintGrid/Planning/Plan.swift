import FootprintCore

/// The planner's answer: the cleanest start and place, running here and now beside it, and the saving.
public struct Plan: Sendable, Hashable {
    /// The window with the least CO2e over all places and starts.
    public var best: PlannedWindow
    /// Running at the first place, starting now.
    public var now: PlannedWindow
    /// What every place rests on, in the request's order: a place with no usable readings is
    /// compared on its annual average only.
    public var bases: [String: PlanBasis]
    /// Things the user should know: readings left out (marginal ones), places planned on annual
    /// averages beside others planned by the hour.
    public var notes: [String]

    public init(best: PlannedWindow, now: PlannedWindow, bases: [String: PlanBasis], notes: [String]) {
        self.best = best
        self.now = now
        self.bases = bases
        self.notes = notes
    }

    /// The share of "here and now"'s CO2e that the best window avoids: 0 when now is best;
    /// negative when the earliest allowed start (`--not-before`) is later than now and costs more.
    public var savingFraction: Double {
        guard now.emissions.grams > 0 else { return 0 }
        return (now.emissions.grams - best.emissions.grams) / now.emissions.grams
    }

    /// What the best window rests on: the plan's basis.
    public var basis: PlanBasis { best.basis }
}
