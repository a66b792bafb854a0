import FootprintCore

extension RunReportModel {
    /// How an earlier figure of the run was priced: as recorded, or (a figure from before the
    /// ledger kept the basis) at the run's annual average, named by the one rule every output
    /// uses (``FootprintCore/RunRecord/pricingBasis``) for a run without a pricing.
    public static func pricingBasis(of entry: RunPriceRecord, run: RunRecord) -> PricingBasis {
        var annual = run
        annual.pricing = nil
        return entry.basis ?? annual.pricingBasis
    }

    /// How the run's CO2e was priced (``FootprintCore/RunRecord/pricingBasis``).
    public var pricingBasis: PricingBasis { run.pricingBasis }

    /// The basis as a report's reader sees it: its label with the annual source in a reader's
    /// words ("given by the experimenter", not the variable that gave it).
    public var basisLabel: String { Self.readerLabel(pricingBasis) }

    /// A basis's label with its annual source in a reader's words.
    public static func readerLabel(_ basis: PricingBasis) -> String {
        var basis = basis
        basis.annualSource = readerText(basis.annualSource)
        return basis.label
    }

    /// Whether any of the run's energy was priced by the hour.
    public var isPricedHourly: Bool { pricingBasis.kind != .annual }

    /// The intensity an interval (or a merged run of them) was priced at: the one the ledger kept
    /// for it, else the run's priced intensity.
    func intensity(of sample: SampleRecord) -> GridIntensity {
        sample.intensity.map(GridIntensity.gramsPerKilowattHour) ?? run.pricedIntensity
    }

    /// The intensity each interval was priced at, from its start to its end (seconds since the
    /// first interval started, as the other charts), g CO2e/kWh: the hours the run met. Empty when
    /// no sample carries an intensity. A long run's intervals merged as in ``powerSeries``, each
    /// merged one at its parts' energy-weighted intensity.
    public var intensitySteps: [(start: Double, end: Double, gramsPerKilowattHour: Double)] {
        guard recordedPricing != nil else { return [] }
        return chartIntervals.map { ($0.start, $0.end, intensity(of: $0.sample).gramsPerKilowattHour) }
    }

    /// What `run --start best` planned beside what the run met.
    public struct PlannedComparison: Sendable, Hashable {
        public var planned: PlannedStartRecord
        /// When the run started, seconds since 1970.
        public var actualStart: Double
        /// The intensity the run was priced at over its energy, and how.
        public var actualIntensity: GridIntensity
        public var actualBasis: PricingBasis

        /// The actual less the planned intensity, g CO2e/kWh (positive: dirtier than planned).
        public var differenceFromPlan: Double {
            actualIntensity.gramsPerKilowattHour - planned.intensity.gramsPerKilowattHour
        }

        /// The actual less the intensity of starting at once, g CO2e/kWh (negative: the wait paid).
        public var differenceFromNow: Double {
            actualIntensity.gramsPerKilowattHour - planned.nowIntensity.gramsPerKilowattHour
        }

        /// Seconds the run started after the planned start (negative: before it).
        public var startDelay: Double { actualStart - planned.start }

        /// "12 g CO2e/kWh (5 %) more than planned" or "… less than starting at once".
        static func phrase(_ difference: Double, against reference: GridIntensity, _ what: String) -> String {
            let amount = GridIntensity.gramsPerKilowattHour(abs(difference))
            let share =
                reference.gramsPerKilowattHour > 0
                ? " (\(Format.percent(abs(difference) / reference.gramsPerKilowattHour)))" : ""
            if abs(difference) < 1e-9 { return "the same as \(what)" }
            return "\(amount)\(share) \(difference > 0 ? "more" : "less") than \(what)"
        }

        /// One sentence on how the run compares, in words for every rendering.
        public var summary: String {
            "The run met \(actualIntensity), "
                + Self.phrase(differenceFromPlan, against: planned.intensity, "planned")
                + " and " + Self.phrase(differenceFromNow, against: planned.nowIntensity, "starting at once") + "."
        }

        /// When the run started against the planned start: "on time", "3 min 20 s after the planned start".
        public var startText: String {
            let delay = startDelay
            if abs(delay) < 1 { return "at the planned start" }
            return "\(FootprintCore.Duration.seconds(abs(delay))) \(delay > 0 ? "after" : "before") the planned start"
        }
    }

    /// The planned start against the actual one, for a run started by `run --start best`; nil
    /// for a run started at once.
    public var plannedComparison: PlannedComparison? {
        run.planned.map {
            PlannedComparison(
                planned: $0, actualStart: run.startedAt, actualIntensity: run.pricedIntensity,
                actualBasis: pricingBasis)
        }
    }

    /// The grid figure as a report states it: the priced intensity with its basis, and for a run
    /// priced by the hour the annual average beside it.
    public var gridText: String {
        let place = run.locationName ?? run.locationCode ?? "given"
        if isPricedHourly {
            return "\(run.pricedIntensity), \(basisLabel); annual average \(run.intensity) "
                + "(\(Self.readerText(run.intensitySource ?? "source not recorded")), \(place))"
        }
        return "\(run.intensity) — \(basisLabel) (\(place))"
    }
}
