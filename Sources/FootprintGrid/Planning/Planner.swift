import FootprintCore

/// Chooses when and where to run a job for the least CO2e. Pure: readings in, a plan out.
///
/// Each place is priced on one basis for all its candidate windows, so that windows are compared
/// like with like: a forecast where forecast readings of one average factor cover the whole span
/// from the earliest start to the deadline, else the history profile (mean by hour of week of the
/// last ``profileWeeks`` weeks of actual readings, when it has a figure for every hour of the week),
/// else the annual average. Life-cycle readings are preferred to direct ones, as the annual
/// averages are life-cycle figures too. Marginal readings (WattTime) are never used: a plan ranks
/// average intensities, and a marginal rate answers another question (what one more kWh makes some
/// generator emit); mixing them would rank places by two different measures. They are left out and
/// a note says so.
///
/// A window's intensity is the time-weighted mean of the intervals it overlaps. As that mean is
/// piecewise linear in the start time, its least value lies at the span's ends or where the window's
/// start or end meets an interval boundary: those are the only starts tried, which makes the search
/// exact and small.
public enum Planner {
    /// How many weeks of actual readings, counted back from the latest one, make the history profile.
    public static let profileWeeks = 8.0

    /// Plans `request`.
    /// - Throws: ``PlanError`` for a deadline that has passed, a span shorter than the job, an
    ///   earliest start after the deadline, no places, or a job of no length or energy.
    public static func plan(_ request: PlanRequest) throws(PlanError) -> Plan {
        try check(request)
        let earliest = request.earliestStart
        let latest = request.latestStart
        var notes: [String] = []
        var bases: [String: PlanBasis] = [:]
        var best: PlannedWindow?
        var here: PlannedWindow?
        for (index, location) in request.locations.enumerated() {
            let pricing = Pricing(location, from: earliest, to: request.deadline, now: request.now)
            bases[location.code] = pricing.basis
            if let note = pricing.marginalNote { notes.append(note) }
            let starts = pricing.basis.choosesTime ? candidateStarts(pricing, request, earliest, latest) : [earliest]
            for start in starts {
                guard let window = pricing.window(start: start, request) else { continue }
                if best.map({ isCleaner(window, than: $0) }) ?? true { best = window }
            }
            if index == 0 {
                here = pricing.window(start: request.now, request) ?? pricing.annualWindow(start: request.now, request)
            }
        }
        guard let best, let here else {
            throw PlanError(.noLocations, "no location to plan for; give --locations, or a place with --region")
        }
        if bases.values.contains(where: { $0.choosesTime }), bases.values.contains(where: { !$0.choosesTime }) {
            let annual = request.locations.filter { !(bases[$0.code]?.choosesTime ?? true) }.map(\.code)
            notes.append(
                "\(annual.joined(separator: ", ")) compared on \(annual.count == 1 ? "its" : "their") annual average: "
                    + "no forecast or history held (footprint regions import FILE adds history)")
        }
        return Plan(best: best, now: here, bases: bases, notes: notes)
    }

    static func check(_ request: PlanRequest) throws(PlanError) {
        guard request.duration.isFinite, request.duration > 0, request.energy.joules.isFinite,
            request.energy.joules >= 0
        else { throw PlanError(.badJob, "the job needs a length above 0 and an energy of 0 or more") }
        guard !request.locations.isEmpty else {
            throw PlanError(.noLocations, "no location to plan for; give --locations, or a place with --region")
        }
        guard request.deadline > request.now else {
            throw PlanError(
                .deadlinePassed,
                "the deadline \(Timestamp.iso8601UTC(request.deadline)) has passed (it is now \(Timestamp.iso8601UTC(request.now))); "
                    + "give a later one, e.g. --deadline 8h")
        }
        if let notBefore = request.notBefore, notBefore >= request.deadline {
            throw PlanError(
                .notBeforeAfterDeadline,
                "--not-before \(Timestamp.iso8601UTC(notBefore)) is not before the deadline \(Timestamp.iso8601UTC(request.deadline)); "
                    + "give an earlier --not-before or a later --deadline")
        }
        guard request.latestStart >= request.earliestStart else {
            throw PlanError(
                .windowTooShort,
                "the job takes \(Duration.seconds(request.duration)) but only \(Duration.seconds(request.deadline - request.earliestStart)) "
                    + "lie between its earliest start and the deadline; give a later --deadline")
        }
    }

    /// The starts where the least mean can lie: the span's ends, and each boundary that the window's
    /// start or end can meet inside it.
    static func candidateStarts(
        _ pricing: Pricing, _ request: PlanRequest, _ earliest: Double, _ latest: Double
    )
        -> [Double]
    {
        var starts: Set<Double> = [earliest, latest]
        for boundary in pricing.boundaries {
            for start in [boundary, boundary - request.duration] where start > earliest && start < latest {
                starts.insert(start)
            }
        }
        return starts.sorted()
    }

    /// Less CO2e, beyond rounding; on a tie the window found first (earlier start, earlier place) stays.
    static func isCleaner(_ window: PlannedWindow, than other: PlannedWindow) -> Bool {
        window.emissions.grams < other.emissions.grams - 1e-9 * max(abs(other.emissions.grams), 1e-12)
    }
}
