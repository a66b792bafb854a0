import FootprintCore

/// The one check every physical value passes before the ledger writes it. Totals are sums over
/// rows, so a single infinite, NaN or negative energy, duration or emission would ruin every later
/// total: the ledger refuses it, whoever the caller (recorder, import, or a copy from another ledger).
public enum LedgerValues {
    /// Throws unless every value is finite and 0 or more.
    /// - Parameter values: column name and value; nil (not known) passes.
    static func check(_ values: KeyValuePairs<String, Double?>) throws(LedgerError) {
        for (column, value) in values {
            guard let value else { continue }
            guard value.isFinite, value >= 0 else {
                throw LedgerError(
                    .invalidValue,
                    "refused to write \(column) = \(value): the ledger keeps only finite "
                        + "values of 0 or more")
            }
        }
    }

    /// A PUE is finite and at least 1; an intensity finite and 0 or more.
    static func checkFactors(pue: Double, intensity: Double) throws(LedgerError) {
        guard pue.isFinite, pue >= 1 else {
            throw LedgerError(.invalidValue, "refused to write pue = \(pue): a PUE is a finite number of 1 or more")
        }
        try check(["intensity_g_per_kwh": intensity])
    }

    static func check(_ h: RunRecord) throws(LedgerError) {
        try checkFactors(pue: h.pue, intensity: h.intensity.gramsPerKilowattHour)
        try check(["interval_s": h.intervalSeconds, "started_at": h.startedAt])
    }

    static func check(_ r: SampleRecord) throws(LedgerError) {
        try check([
            "t": r.t, "dt": r.duration, "cpu_j": r.cpuJoules, "cpu_process_j": r.cpuProcessJoules,
            "gpu_j": r.gpuJoules, "gpu_process_j": r.gpuProcessJoules, "ram_j": r.ramJoules,
            "ram_process_j": r.ramProcessJoules, "g_per_kwh": r.intensity
        ])
    }

    static func check(_ r: TaskRecord) throws(LedgerError) {
        try check(["start_s": r.start, "end_s": r.end, "cpu_j": r.cpuJoules, "gpu_j": r.gpuJoules, "ram_j": r.ramJoules]
        )
    }

    static func check(_ f: EpochForecast) throws(LedgerError) {
        try check([
            "made_at_s": f.madeAt, "after_epochs": Double(f.afterEpochs), "epochs": Double(f.epochs),
            "duration_s": f.durationSeconds, "energy_j": f.energyJoules, "low_energy_j": f.lowEnergyJoules,
            "high_energy_j": f.highEnergyJoules, "co2e_g": f.co2eGrams
        ])
    }

    static func check(_ e: RunEnding) throws(LedgerError) {
        try check([
            "duration_s": e.duration, "cpu_j": e.cpuJoules, "gpu_j": e.gpuJoules, "ram_j": e.ramJoules,
            "energy_j": e.energyJoules, "co2e_g": e.co2eGrams
        ])
    }

    /// A new price of a run, before either backend writes it: its CO2e, when it was priced and
    /// each sample's intensity.
    public static func check(_ repricing: RunRepricing) throws(LedgerError) {
        try check([
            "co2e_g": repricing.emissions.grams, "replaced_at_s": repricing.pricedAt,
            "hourly_share": repricing.basis.hourlyShare
        ])
        for sample in repricing.sampleIntensities {
            try check(["t": sample.t, "g_per_kwh": sample.gramsPerKilowattHour])
        }
    }

    /// Every figure of a bundle, before either backend stores it.
    public static func check(_ bundle: RunBundle) throws(LedgerError) {
        try check(bundle.run)
        if bundle.run.status != .running {
            try check([
                "duration_s": bundle.run.duration, "energy_j": bundle.run.energy.joules,
                "co2e_g": bundle.run.emissions.grams
            ])
        }
        for sample in bundle.samples { try check(sample) }
        for task in bundle.tasks { try check(task) }
        for forecast in bundle.forecasts { try check(forecast) }
        for price in bundle.priceHistory {
            try check(["replaced_at_s": price.replacedAt, "co2e_g": price.emissions.grams])
        }
    }
}
