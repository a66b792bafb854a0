import FootprintCore
import Testing

@testable import FootprintGrid

/// The planner against windows worked out by hand: hourly figures, a job of a few hours, the
/// cleanest start and its mean.
@Suite struct PlannerTests {
    /// Monday 2026-11-30 00:00 UTC.
    static let monday = 1_795_996_800.0
    static let hour = 3_600.0

    /// Consecutive hourly readings from `start`, one per figure.
    static func hourly(
        _ zone: String, from start: Double, _ figures: [Double], kind: IntensityKind = .forecast,
        factor: IntensityFactor = .lifecycle, source: String = "Electricity Maps"
    ) -> [IntensityReading] {
        figures.enumerated().map { index, figure in
            IntensityReading(
                zone: zone, start: start + Double(index) * hour, end: start + Double(index + 1) * hour,
                intensity: .gramsPerKilowattHour(figure), factor: factor, kind: kind, source: source,
                recordedAt: start)
        }
    }

    static func place(_ code: String, annual: Double = 400, _ readings: [IntensityReading] = []) -> PlanLocation {
        PlanLocation(
            code: code, name: code, annual: .gramsPerKilowattHour(annual), annualSource: "test annual, 2023",
            readings: readings)
    }

    @Test func mondayIsTheWeeksFirstHour() {
        #expect(TimeText.instant("2026-11-30T00:00Z") == Self.monday)
        #expect(HourOfWeekProfile.hourOfWeek(Self.monday) == 0)
        #expect(HourOfWeekProfile.hourOfWeek(Self.monday + 10 * Self.hour + 59) == 10)
        #expect(HourOfWeekProfile.hourOfWeek(Self.monday - 1) == 167)
    }

    @Test func aWindowsMeanWeighsEachIntervalByTheShareItCovers() {
        let series = IntensitySeries(Self.hourly("DE", from: 0, [100, 400]))
        // 40 min at 100 and 20 min at 400: (2,400 × 100 + 1,200 × 400) / 3,600 = 200.
        #expect(series.mean(from: 1_200, to: 4_800) == 200)
        #expect(series.mean(from: 0, to: 7_200) == 250)
        #expect(series.mean(from: 3_600, to: 7_201) == nil)
    }

    @Test func aGapInTheReadingsLeavesAWindowUnpriced() {
        let readings = Self.hourly("DE", from: 0, [100]) + Self.hourly("DE", from: 7_200, [100])
        #expect(IntensitySeries(readings).mean(from: 0, to: 10_800) == nil)
        #expect(IntensitySeries(readings).mean(from: 7_200, to: 10_800) == 100)
    }

    @Test func waitingForTheCleanHoursOfAForecastSavesTwoThirds() throws {
        let now = Self.monday
        let here = Self.place("DE", Self.hourly("DE", from: now, [300, 300, 100, 100, 300, 300]))
        let plan = try Planner.plan(
            PlanRequest(
                duration: 2 * Self.hour, energy: .kilowattHours(10), locations: [here], now: now,
                deadline: now + 6 * Self.hour))
        #expect(plan.best.start == now + 2 * Self.hour)
        #expect(plan.best.end == now + 4 * Self.hour)
        #expect(plan.best.intensity.gramsPerKilowattHour == 100)
        #expect(plan.best.emissions.kilograms == 1)
        #expect(plan.now.start == now)
        #expect(plan.now.emissions.kilograms == 3)
        #expect(abs(plan.savingFraction - 2.0 / 3.0) < 1e-12)
        #expect(plan.basis == .forecast(factor: .lifecycle, sources: ["Electricity Maps"]))
    }

    @Test func aJobOfHalfHoursStartsAtTheEarliestOfEquallyCleanStarts() throws {
        let now = Self.monday
        let here = Self.place("DE", Self.hourly("DE", from: now, [300, 100, 100, 300]))
        let plan = try Planner.plan(
            PlanRequest(
                duration: 1.5 * Self.hour, energy: .kilowattHours(1), locations: [here], now: now,
                deadline: now + 4 * Self.hour))
        // Any start from 01:00 to 01:30 stays inside the two clean hours; the first is chosen.
        #expect(plan.best.start == now + Self.hour)
        #expect(plan.best.intensity.gramsPerKilowattHour == 100)
        // Now: an hour at 300 and half an hour at 100: (300 + 50) / 1.5 = 233.3.
        #expect(abs(plan.now.intensity.gramsPerKilowattHour - 700.0 / 3.0) < 1e-9)
    }

    @Test func partOfAnHourCountsForItsShare() throws {
        // Now is 00:30; the best 1 h window straddles two hours unless it can sit in the clean one.
        let here = Self.place("DE", Self.hourly("DE", from: Self.monday, [200, 500, 50, 500]))
        let now = Self.monday + 0.5 * Self.hour
        let plan = try Planner.plan(
            PlanRequest(
                duration: Self.hour, energy: .kilowattHours(2), locations: [here], now: now,
                deadline: Self.monday + 4 * Self.hour))
        #expect(plan.best.start == Self.monday + 2 * Self.hour)
        #expect(plan.best.emissions.grams == 100)
        // Now: half an hour at 200, half at 500: 350 g/kWh, 700 g.
        #expect(plan.now.intensity.gramsPerKilowattHour == 350)
        #expect(plan.now.emissions.grams == 700)
    }

    @Test func whenTheCleanestHourIsNowTheBestIsNowAndSavesNothing() throws {
        let now = Self.monday
        let here = Self.place("FR", Self.hourly("FR", from: now, [100, 200, 300, 400]))
        let plan = try Planner.plan(
            PlanRequest(
                duration: Self.hour, energy: .kilowattHours(5), locations: [here], now: now,
                deadline: now + 4 * Self.hour))
        #expect(plan.best == plan.now)
        #expect(plan.savingFraction == 0)
    }

    @Test func anotherPlaceWinsOnItsAnnualAverageAndTheNoteSaysSo() throws {
        let now = Self.monday
        let de = Self.place("DE", Self.hourly("DE", from: now, [300, 250, 300, 300]))
        let se = Self.place("SE", annual: 40)
        let plan = try Planner.plan(
            PlanRequest(
                duration: Self.hour, energy: .kilowattHours(10), locations: [de, se], now: now,
                deadline: now + 4 * Self.hour))
        #expect(plan.best.location == "SE")
        #expect(plan.best.start == now)
        #expect(plan.best.emissions.kilograms == 0.4)
        #expect(plan.best.basis == .annualAverage(source: "test annual, 2023"))
        #expect(plan.now.location == "DE")
        #expect(plan.now.emissions.kilograms == 3)
        #expect(plan.bases["DE"]?.name == "forecast")
        #expect(plan.notes.contains { $0.hasPrefix("SE compared on its annual average") })
    }

    @Test func withoutAForecastTheHistoryProfileFindsTheUsualCleanHour() throws {
        // Two weeks of past hourly figures: 500 except Mondays 10:00–11:00 UTC at 100.
        let start = Self.monday - 14 * 24 * Self.hour
        let figures = (0..<(14 * 24)).map { index in index % 168 == 10 ? 100.0 : 500.0 }
        let here = Self.place(
            "DE", Self.hourly("DE", from: start, figures, kind: .actual, source: "imported from de.csv"))
        let plan = try Planner.plan(
            PlanRequest(
                duration: Self.hour, energy: .kilowattHours(1), locations: [here], now: Self.monday,
                deadline: Self.monday + 24 * Self.hour))
        #expect(plan.best.start == Self.monday + 10 * Self.hour)
        #expect(plan.best.intensity.gramsPerKilowattHour == 100)
        #expect(plan.now.intensity.gramsPerKilowattHour == 500)
        #expect(abs(plan.savingFraction - 0.8) < 1e-12)
        #expect(
            plan.basis
                == .historyProfile(
                    factor: .lifecycle, weeks: 2, readings: 336, from: start, to: Self.monday,
                    sources: ["imported from de.csv"]))
        #expect(plan.basis.label.contains("2 weeks of actual readings, 2026-11-16 to 2026-11-30"))
    }

    @Test func aProfileWithHolesIsNotUsedAndTheAnnualAverageIsThePlan() throws {
        let here = Self.place(
            "DE", Self.hourly("DE", from: Self.monday - 24 * Self.hour, Array(repeating: 100, count: 24), kind: .actual)
        )
        let plan = try Planner.plan(
            PlanRequest(
                duration: Self.hour, energy: .kilowattHours(1), locations: [here], now: Self.monday,
                deadline: Self.monday + 6 * Self.hour))
        #expect(plan.basis == .annualAverage(source: "test annual, 2023"))
        #expect(plan.best.start == Self.monday)
        #expect(plan.best.intensity.gramsPerKilowattHour == 400)
    }

    @Test func marginalReadingsAreLeftOutAndSaidToBe() throws {
        let now = Self.monday
        let here = Self.place(
            "US-CA", annual: 250, Self.hourly("US-CA", from: now, [900, 10, 900], factor: .marginal, source: "WattTime")
        )
        let plan = try Planner.plan(
            PlanRequest(
                duration: Self.hour, energy: .kilowattHours(1), locations: [here], now: now,
                deadline: now + 3 * Self.hour))
        #expect(plan.basis.name == "annual-average")
        #expect(plan.best.intensity.gramsPerKilowattHour == 250)
        #expect(plan.notes.contains { $0.contains("3 marginal readings left out") })
    }

    @Test func lifeCycleForecastsArePreferredToDirectOnes() throws {
        let now = Self.monday
        let readings =
            Self.hourly("DE", from: now, [50, 50], factor: .direct)
            + Self.hourly("DE", from: now, [300, 200], factor: .lifecycle)
        let plan = try Planner.plan(
            PlanRequest(
                duration: Self.hour, energy: .kilowattHours(1), locations: [Self.place("DE", readings)], now: now,
                deadline: now + 2 * Self.hour))
        #expect(plan.best.intensity.gramsPerKilowattHour == 200)
        #expect(plan.basis == .forecast(factor: .lifecycle, sources: ["Electricity Maps"]))
    }

    @Test func aForecastThatEndsBeforeTheDeadlineGivesWayToTheProfile() throws {
        // The forecast covers 2 of the 4 hours; no history: the annual average it is.
        let now = Self.monday
        let here = Self.place("DE", Self.hourly("DE", from: now, [10, 10]))
        let plan = try Planner.plan(
            PlanRequest(
                duration: Self.hour, energy: .kilowattHours(1), locations: [here], now: now,
                deadline: now + 4 * Self.hour))
        #expect(plan.basis.name == "annual-average")
    }

    @Test func aLaterEarliestStartCanCostMoreThanNow() throws {
        let now = Self.monday
        let here = Self.place("DE", Self.hourly("DE", from: now, [100, 400, 300, 400]))
        let plan = try Planner.plan(
            PlanRequest(
                duration: Self.hour, energy: .kilowattHours(1), locations: [here], now: now,
                notBefore: now + Self.hour, deadline: now + 4 * Self.hour))
        #expect(plan.best.start == now + 2 * Self.hour)
        #expect(plan.now.intensity.gramsPerKilowattHour == 100)
        #expect(plan.savingFraction == -2)
    }

    @Test func impossibleRequestsAreRefusedWithTheirReason() {
        let now = Self.monday
        let here = [Self.place("DE")]
        func reason(_ request: PlanRequest) -> PlanError.Reason? {
            do {
                _ = try Planner.plan(request)
                return nil
            } catch {
                return error.reason
            }
        }
        let energy = Energy.kilowattHours(1)
        #expect(
            reason(PlanRequest(duration: 60, energy: energy, locations: here, now: now, deadline: now - 1))
                == .deadlinePassed)
        #expect(
            reason(PlanRequest(duration: 7_200, energy: energy, locations: here, now: now, deadline: now + 3_600))
                == .windowTooShort)
        #expect(
            reason(
                PlanRequest(
                    duration: 60, energy: energy, locations: here, now: now, notBefore: now + 7_200,
                    deadline: now + 3_600)) == .notBeforeAfterDeadline)
        #expect(
            reason(PlanRequest(duration: 60, energy: energy, locations: [], now: now, deadline: now + 3_600))
                == .noLocations)
        #expect(
            reason(PlanRequest(duration: 0, energy: energy, locations: here, now: now, deadline: now + 3_600))
                == .badJob)
    }
}
