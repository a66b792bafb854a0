extension RunRecord {
    /// The run's pricing as its recorded samples keep it: each interval at the intensity the ledger
    /// kept for it (the run's ``pricedIntensity`` for one it kept none for); nil when no sample
    /// carries an intensity (a run priced at the annual average throughout, or recorded before
    /// intensities were kept), where every figure is the run's own.
    ///
    /// A task or part of the run is priced from it with ``RunPricing/intensity(from:to:)``; where
    /// none of its intervals ends within a span, that gives the run's ``pricedIntensity``.
    public func recordedPricing(samples: [SampleRecord]) -> RunPricing? {
        guard samples.contains(where: { $0.intensity != nil }) else { return nil }
        let fallback = pricedIntensity
        let priced = samples.sorted { $0.t < $1.t }.map { sample in
            PricedSample(
                t: sample.t, duration: sample.duration, joules: sample.itJoules(in: scope),
                intensity: sample.intensity.map(GridIntensity.gramsPerKilowattHour) ?? fallback,
                hourlyShare: sample.intensity == nil ? 0 : 1)
        }
        return RunPricing(samples: priced, basis: pricingBasis, annual: fallback)
    }

    /// A task at the facility priced by its own intervals where the samples carry intensities
    /// (an hourly-priced run's task in its cleanest hour costs less than its share of the run's
    /// mean), else as ``facilityFootprint(of:)`` prices it.
    public func facilityFootprint(
        of task: TaskRecord, pricing recorded: RunPricing?
    ) -> (energy: Energy, emissions: CarbonMass) {
        guard let recorded else { return facilityFootprint(of: task) }
        let energy = task.itEnergy * pue
        return (energy, recorded.intensity(from: task.start, to: task.end).emissions(for: energy))
    }
}
