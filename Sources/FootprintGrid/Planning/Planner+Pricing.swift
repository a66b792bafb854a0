import FootprintCore

extension Planner {
    /// One place's prices over the plan's span: the basis chosen for it and the series behind that
    /// basis (none for the annual average).
    struct Pricing {
        let location: PlanLocation
        let basis: PlanBasis
        let series: IntensitySeries?
        /// Said when the place has marginal readings, which a plan leaves out.
        let marginalNote: String?

        /// The factors a plan may use, preferred first: life-cycle, like the annual averages.
        static let averageFactors: [IntensityFactor] = [.lifecycle, .direct]

        /// Chooses the place's basis for windows between `from` and `to`: a forecast that covers the
        /// span, else a complete history profile of actual readings before `now`, else the annual average.
        init(_ location: PlanLocation, from: Double, to: Double, now: Double) {
            self.location = location
            let marginal = location.readings.filter { $0.factor == .marginal }.count
            marginalNote =
                marginal == 0
                ? nil
                : "\(location.code): \(marginal) marginal readings left out; a plan compares average intensities, "
                    + "and a marginal rate (WattTime) measures another thing"
            for factor in Self.averageFactors {
                let forecast = location.readings.filter { $0.factor == factor && $0.kind == .forecast }
                let series = IntensitySeries(forecast)
                if !forecast.isEmpty, series.covers(from: from, to: to) {
                    self.basis = .forecast(factor: factor, sources: Self.sources(forecast))
                    self.series = series
                    return
                }
            }
            for factor in Self.averageFactors {
                let actual = location.readings.filter { $0.factor == factor && $0.kind == .actual && $0.start < now }
                guard let latest = actual.map(\.end).max() else { continue }
                let recent = actual.filter { $0.end > latest - Planner.profileWeeks * HourOfWeekProfile.weekSeconds }
                let profile = HourOfWeekProfile(recent)
                // The profile also prices "now", which may lie before the span.
                if let series = profile.series(from: min(from, now), to: to) {
                    self.basis = .historyProfile(
                        factor: factor, weeks: profile.weeks, readings: profile.readings, from: profile.first,
                        to: profile.last, sources: Self.sources(recent))
                    self.series = series
                    return
                }
            }
            basis = .annualAverage(source: location.annualSource)
            series = nil
        }

        static func sources(_ readings: [IntensityReading]) -> [String] { Array(Set(readings.map(\.source))).sorted() }

        /// Where the series' figure may change.
        var boundaries: [Double] { series?.boundaries ?? [] }

        /// The job run from `start` here, priced on this place's basis; nil where the series does not
        /// cover the window (a forecast that ends before "now" plus the job).
        func window(start: Double, _ request: PlanRequest) -> PlannedWindow? {
            let end = start + request.duration
            guard let series else { return annualWindow(start: start, request) }
            guard let mean = series.mean(from: start, to: end) else { return nil }
            return make(start: start, end: end, mean: mean, basis: basis, request)
        }

        /// The job run from `start` here at the annual average.
        func annualWindow(start: Double, _ request: PlanRequest) -> PlannedWindow {
            make(
                start: start, end: start + request.duration, mean: location.annual.gramsPerKilowattHour,
                basis: .annualAverage(source: location.annualSource), request)
        }

        private func make(
            start: Double, end: Double, mean: Double, basis: PlanBasis, _ request: PlanRequest
        )
            -> PlannedWindow
        {
            let intensity = GridIntensity(gramsPerKilowattHour: mean)
            return PlannedWindow(
                location: location.code, locationName: location.name, start: start, end: end, intensity: intensity,
                emissions: intensity.emissions(for: request.energy), basis: basis)
        }
    }
}
