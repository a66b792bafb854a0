import FootprintCore

/// What a report shows about one run, worked out once for every rendering.
public struct RunReportModel: Sendable {
    public let run: RunRecord
    public let samples: [SampleRecord]
    public let tasks: [TaskRecord]
    /// The forecasts the run made as its epochs ended, in the order made (``EpochForecast``).
    public let forecasts: [EpochForecast]
    /// The run's share of its hardware's embodied emissions, when a report asks for it: worked out when
    /// shown, from the GPUs and the duration the run recorded. Beside its CO2e, never in it.
    public var embodied: EmbodiedEstimate?
    /// The site's water for the run's IT energy, when a report asks for it (a WUE).
    public var water: WaterUse?
    /// The figures the run carried before its current one, oldest first, when the ledger keeps
    /// them (``RunPriceRecord``); empty for a run priced once.
    public var pricingHistory: [RunPriceRecord] = []
    /// The run's intervals at the intensities the ledger kept for them; nil when no sample carries
    /// one (``FootprintCore/RunRecord/recordedPricing(samples:)``).
    public let recordedPricing: RunPricing?

    /// One what-if row: the same IT energy elsewhere or otherwise.
    public struct WhatIf: Sendable, Hashable {
        public var group: String
        public var label: String
        public var pue: Double
        public var intensity: GridIntensity
        public var emissions: CarbonMass
        /// Emissions relative to the run as measured.
        public var ratio: Double
    }

    public init(run: RunRecord, samples: [SampleRecord], tasks: [TaskRecord], forecasts: [EpochForecast] = []) {
        self.run = run
        self.samples = samples
        self.tasks = tasks
        self.forecasts = forecasts
        self.recordedPricing = run.recordedPricing(samples: samples)
    }

    var processScope: Bool { run.scope == .process }

    /// IT energy in the run's scope.
    public var itEnergy: Energy { run.itEnergy }

    /// Why no energy was measured, when none was: no sample was taken and no total recorded (a run
    /// stopped before its first sampling interval ended). nil when there is a measurement.
    public var noMeasurement: String? {
        guard samples.isEmpty, itEnergy == .zero else { return nil }
        switch run.status {
        case .interrupted:
            return "The run was interrupted before its first sample was taken, so no energy was measured."
        case .running: return "The run is still being recorded and has no sample yet, so no energy has been measured."
        case .finished: return "No sample was taken before the run ended, so no energy was measured."
        }
    }

    /// Whether the run's figures cover only part of it: it was interrupted, or is still running.
    public var isPartial: Bool { run.status != .finished }

    /// IT energy of one sample in the run's scope, joules.
    func itJoules(_ s: SampleRecord) -> Double {
        s.itJoules(in: processScope ? .process : .machine)
    }

    /// The sampling intervals as (start, end, sample), seconds since the first interval started
    /// (the start of what was measured; the meter's own start-up before it is not part of the run's
    /// duration). A sample is the mean over its interval, which ends at `t`, so the first interval
    /// is drawn from 0, not from its `t`.
    var intervals: [(start: Double, end: Double, sample: SampleRecord)] {
        let origin = samples.map { $0.t - max($0.duration, 0) }.min() ?? 0
        return samples.map { (max(0, $0.t - max($0.duration, 0) - origin), $0.t - origin, $0) }
    }

    /// The most sampling intervals a chart draws: a chart is 640 points wide, and a day at 1 s has
    /// 86,400 intervals, which drawn one by one made a report of 17 MB that took seconds to write.
    static let chartIntervalLimit = 1_000

    /// The intervals a chart draws: each run of consecutive intervals merged into one with their
    /// summed energy, from the first's start to the last's end, so that there are at most about
    /// ``chartIntervalLimit`` and the area under the chart is still the IT energy. A gap between
    /// two intervals ends a group, so that a chart still shows where nothing was measured.
    var chartIntervals: [(start: Double, end: Double, sample: SampleRecord)] {
        let all = intervals
        let size = (all.count + Self.chartIntervalLimit - 1) / Self.chartIntervalLimit
        guard size > 1 else { return all }
        var merged: [(start: Double, end: Double, sample: SampleRecord)] = []
        merged.reserveCapacity(Self.chartIntervalLimit + 1)
        var count = 0
        for interval in all {
            if count > 0, count < size, var last = merged.last, !Self.isGap(from: last.end, to: interval) {
                last.end = interval.end
                last.sample = last.sample.merged(
                    with: interval.sample, processScope: processScope, fallback: run.pricedIntensity)
                merged[merged.count - 1] = last
                count += 1
            } else {
                merged.append(interval)
                count = 1
            }
        }
        return merged
    }

    /// Whether nothing was measured between an interval that ended at `end` and the next one. A
    /// sample's start is its end less its length, which may miss the previous end by a rounding
    /// error: that is no gap, and is not drawn as a drop to 0 W.
    static func isGap(from end: Double, to next: (start: Double, end: Double, sample: SampleRecord)) -> Bool {
        next.start > end + max(1e-6, next.sample.duration * 0.01)
    }

    /// Mean power of each component over one sampling interval, in the run's scope.
    public struct PowerInterval: Sendable, Hashable {
        /// Seconds since the run started.
        public var start: Double, end: Double
        public var watts: [Component: Double]
    }

    /// Power over time as the meter measured it: each sampling interval's energy over its length.
    public var powerIntervals: [PowerInterval] { Self.power(of: intervals, processScope: processScope) }

    static func power(
        of intervals: [(start: Double, end: Double, sample: SampleRecord)], processScope: Bool
    ) -> [PowerInterval] {
        intervals.map { interval in
            let length = interval.end - interval.start
            let s = interval.sample
            let joules: [Component: Double] =
                processScope
                ? [.cpu: s.cpuProcessJoules, .gpu: s.gpuProcessJoules, .ram: s.ramProcessJoules]
                : [.cpu: s.cpuJoules, .gpu: s.gpuJoules, .ram: s.ramJoules]
            return PowerInterval(
                start: interval.start, end: interval.end, watts: joules.mapValues { length > 0 ? $0 / length : 0 })
        }
    }

    /// Each component's colour in every chart of a report.
    static let componentColors: [Component: String] = [.cpu: "#d9822b", .gpu: "#2b6cb0", .ram: "#6b8e23"]

    /// Power by component over time, watts, in the run's scope, as steps: each sampling interval is
    /// a flat segment at its mean power from its start to its end (an interval's energy is all
    /// that was measured of it), so that the area under the stack is the IT energy. Where no
    /// interval was recorded (before the first, or a gap) the power drawn is 0, as nothing was measured.
    /// A long run's intervals are merged into at most about ``chartIntervalLimit`` (``chartIntervals``).
    public var powerSeries: [SVGChart.Series] {
        let colors = Self.componentColors
        let merged = chartIntervals
        let intervals = zip(merged, Self.power(of: merged, processScope: processScope))
        return Component.allCases.compactMap { component in
            var points: [(x: Double, y: Double)] = []
            var end = 0.0
            for (drawn, interval) in intervals {
                if Self.isGap(from: end, to: drawn) { points += [(end, 0), (interval.start, 0)] }
                let watts = interval.watts[component] ?? 0
                points += [(interval.start, watts), (interval.end, watts)]
                end = interval.end
            }
            return points.contains { $0.y > 0 }
                ? SVGChart.Series(
                    name: component.rawValue.uppercased(), color: colors[component] ?? "#4a5568", points: points) : nil
        }
    }

    /// Cumulative emissions over time, grams: 0 at the start, then the total at the end of each
    /// interval (flat across a gap in the samples, where nothing was counted); a long run's
    /// intervals merged as in ``powerSeries``. Each interval at the intensity it was priced at, the
    /// run's priced intensity where the ledger kept none, so that the line ends at the run's CO2e.
    public var cumulativeEmissions: SVGChart.Series {
        var total = 0.0
        var points: [(x: Double, y: Double)] = [(0, 0)]
        for interval in chartIntervals {
            if Self.isGap(from: points.last?.x ?? 0, to: interval) { points.append((interval.start, total)) }
            total += intensity(of: interval.sample).emissions(for: .joules(itJoules(interval.sample) * run.pue)).grams
            points.append((interval.end, total))
        }
        return SVGChart.Series(name: "CO2e", color: "#9b2c2c", points: points)
    }

    /// Facility energy and emissions of each task, each priced by its own intervals where the
    /// samples carry intensities.
    public var taskTotals: [(name: String, duration: Double, energy: Energy, emissions: CarbonMass)] {
        tasks.map { task in
            let footprint = run.facilityFootprint(of: task, pricing: recordedPricing)
            return (task.name, task.duration, footprint.energy, footprint.emissions)
        }
    }

    /// A unit that reads well for values up to `maximum` grams: µg, mg, g, kg or t, and its factor.
    public static func massUnit(forGrams maximum: Double) -> (label: String, factor: Double) {
        switch maximum {
        case ..<1e-3: ("µg CO2e", 1e6)
        case ..<1: ("mg CO2e", 1e3)
        case ..<1e3: ("g CO2e", 1)
        case ..<1e6: ("kg CO2e", 1e-3)
        default: ("t CO2e", 1e-6)
        }
    }

    /// A unit that reads well for energies up to `maximum` joules, the units a run's totals are
    /// printed in (µJ, mJ, J, Wh, kWh, MWh), and its factor.
    public static func energyUnit(forJoules maximum: Double) -> (symbol: String, factor: Double) {
        switch maximum {
        case ..<1e-3: ("µJ", 1e6)
        case ..<1: ("mJ", 1e3)
        case ..<3_600: ("J", 1)
        case ..<3_600_000: ("Wh", 1 / 3_600)
        case ..<3_600_000_000: ("kWh", 1 / 3_600_000)
        default: ("MWh", 1 / 3_600_000_000)
        }
    }

    /// A unit that reads well for times up to `maximum` seconds (seconds, minutes or hours), and its factor.
    public static func timeUnit(forSeconds maximum: Double) -> (label: String, factor: Double) {
        switch maximum {
        case ..<120: ("seconds", 1)
        case ..<7_200: ("minutes", 1.0 / 60)
        default: ("hours", 1.0 / 3_600)
        }
    }

    /// A unit that reads well for powers up to `maximum` watts: µW, mW, W or kW, and its factor.
    public static func powerUnit(forWatts maximum: Double) -> (label: String, factor: Double) {
        switch maximum {
        case ..<1e-3: ("µW", 1e6)
        case ..<1: ("mW", 1e3)
        case ..<1e3: ("W", 1)
        default: ("kW", 1e-3)
        }
    }

    /// The same IT energy in the lowest- and highest-intensity countries, in the regions of the
    /// run's cloud provider (or each provider's cleanest region), and at other PUEs. The run's own
    /// place (as measured, and at other PUEs) at its priced intensity, the hours it met; the other
    /// places at their annual averages.
    public func whatIfs(catalog: GridCatalog = .bundled) -> [WhatIf] {
        let it = itEnergy
        let base = run.emissions.grams
        func row(_ group: String, _ label: String, pue: Double, intensity: GridIntensity) -> WhatIf {
            let emissions = intensity.emissions(for: it * pue)
            return WhatIf(
                group: group, label: label, pue: pue, intensity: intensity, emissions: emissions,
                ratio: base > 0 ? emissions.grams / base : 0)
        }
        var rows = [
            row(
                "as measured", run.locationName ?? run.locationCode ?? "given intensity",
                pue: run.pue, intensity: run.pricedIntensity)
        ]
        if let extremes = catalog.extremes(of: [.country]) {
            rows.append(
                row(
                    "place", "lowest-intensity country: \(extremes.lowest.name)", pue: run.pue,
                    intensity: extremes.lowest.intensity))
            rows.append(
                row(
                    "place", "highest-intensity country: \(extremes.highest.name)", pue: run.pue,
                    intensity: extremes.highest.intensity))
        }
        let cloud = catalog.regions(of: .cloudRegion)
        if let code = run.locationCode, code.contains(":"), let provider = code.split(separator: ":").first {
            let own = cloud.filter { $0.code.hasPrefix(provider + ":") }.sorted { $0.intensity < $1.intensity }
            for region in own.prefix(3) + own.suffix(2) where region.code != code {
                rows.append(
                    row(
                        "\(CloudProvider.displayName(provider)) regions", region.name, pue: run.pue,
                        intensity: region.intensity))
            }
        } else {
            for provider in ["aws", "azure", "gcp"] {
                if let cleanest = cloud.filter({ $0.code.hasPrefix(provider + ":") }).min(by: {
                    $0.intensity < $1.intensity
                }) {
                    rows.append(
                        row(
                            "cloud", "cleanest \(CloudProvider.displayName(provider)) region: \(cleanest.name)",
                            pue: run.pue,
                            intensity: cleanest.intensity))
                }
            }
        }
        for preset in ["personal-computer", "google", "average-2024"] {
            guard let p = PUEPreset.named(preset), p.pue.value != run.pue else { continue }
            rows.append(
                row(
                    "facility", "PUE \(Format.significant(p.pue.value)): \(p.description)", pue: p.pue.value,
                    intensity: run.pricedIntensity))
        }
        return rows
    }

    /// How each figure was obtained, in words.
    public var methods: [(String, String)] {
        var rows: [(String, String)] = []
        for component in Component.allCases {
            let method = run.methods[component]
            guard component.isReported(method: method, energy: run.components[component] ?? .zero) else { continue }
            rows.append((component.rawValue.uppercased(), Self.methodText(method, run: run)))
        }
        rows.append(
            (
                "scope",
                processScope
                    ? "the command's process tree: its share of busy CPU time applied to dynamic CPU power, the GPUs its processes used, its share of memory in use"
                    : "the whole machine"
            ))
        rows.append(
            (
                "PUE",
                "\(Format.significant(run.pue)) — \(Self.withoutTerminalHints(run.pueSource ?? "source not recorded"))"
            ))
        rows.append(("grid", gridText))
        rows.append(
            (
                "sampling",
                run.intervalSeconds.map { "every \(Format.significant($0)) s, \(samples.count) samples" }
                    ?? "\(samples.count) samples"
            ))
        return rows
    }

    /// Recorded text without what was written for the person at the terminal: a parenthesised
    /// "(set --pue …)" or "(FOOTPRINT_…)" hint is dropped; a report is read away from the terminal.
    static func withoutTerminalHints(_ text: String) -> String {
        var result = ""
        var group = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if depth > 0 { group.append(character) } else { result.append(character) }
            if character == ")", depth > 0 {
                depth -= 1
                if depth == 0 {
                    if !group.contains("--") && !group.contains("FOOTPRINT_") {
                        result += group
                    } else {
                        // The space that led into the dropped hint goes with it.
                        while result.last == " " { result.removeLast() }
                    }
                    group = ""
                }
            }
        }
        return (result + group).trimmingCharacters(in: .whitespaces)
    }

    /// Recorded provenance in a reader's words: without terminal hints, and "given by FOOTPRINT_PUE"
    /// (a variable, a flag, a file) as "given by the experimenter".
    static func readerText(_ text: String) -> String {
        text.hasPrefix("given") ? "given by the experimenter" : withoutTerminalHints(text)
    }

    /// How a component's figure was obtained, in a reader's words: the method's explanation, with
    /// the CPU power model a modeled CPU figure used (nil: no method recorded).
    static func methodText(_ method: MeasurementMethod?, run: RunRecord) -> String {
        guard let method else { return "not recorded (the run did not finish)" }
        guard method == .tdpLoad, let model = run.cpuPowerModel else { return method.explanation }
        return method.explanation + " (\(readerText(model)))"
    }
}

extension SampleRecord {
    /// Two consecutive samples as one: their energies summed over both intervals, utilisation and
    /// share weighted by time, the intensity weighted by the energy in the run's scope (by time
    /// where they used none; `fallback` for one that kept none), so that the merged interval's
    /// emissions are the two's sum. Without an intensity in either, none.
    func merged(with next: SampleRecord, processScope: Bool, fallback: GridIntensity) -> SampleRecord {
        let length = duration + next.duration
        func weighted(_ a: Double, _ b: Double) -> Double {
            length > 0 ? (a * duration + b * next.duration) / length : (a + b) / 2
        }
        func joules(_ s: SampleRecord) -> Double { s.itJoules(in: processScope ? .process : .machine) }
        var intensity: Double?
        if self.intensity != nil || next.intensity != nil {
            let (a, b) = (
                self.intensity ?? fallback.gramsPerKilowattHour, next.intensity ?? fallback.gramsPerKilowattHour
            )
            let (ja, jb) = (joules(self), joules(next))
            intensity = ja + jb > 0 ? (a * ja + b * jb) / (ja + jb) : weighted(a, b)
        }
        return SampleRecord(
            t: next.t, duration: length, cpuJoules: cpuJoules + next.cpuJoules,
            cpuProcessJoules: cpuProcessJoules + next.cpuProcessJoules, gpuJoules: gpuJoules + next.gpuJoules,
            gpuProcessJoules: gpuProcessJoules + next.gpuProcessJoules, ramJoules: ramJoules + next.ramJoules,
            ramProcessJoules: ramProcessJoules + next.ramProcessJoules,
            cpuUtilization: weighted(cpuUtilization, next.cpuUtilization),
            processCPUShare: weighted(processCPUShare, next.processCPUShare), intensity: intensity)
    }
}
