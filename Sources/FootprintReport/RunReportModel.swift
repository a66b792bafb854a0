import FootprintCore
import FootprintLedger

/// What a report shows about one run, worked out once for every rendering.
public struct RunReportModel: Sendable {
    public let run: LedgerRun
    public let samples: [SampleRecord]
    public let tasks: [TaskRecord]

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

    public init(run: LedgerRun, samples: [SampleRecord], tasks: [TaskRecord]) {
        self.run = run
        self.samples = samples
        self.tasks = tasks
    }

    var processScope: Bool { run.scope != "machine" }

    /// IT energy in the run's scope.
    public var itEnergy: Energy { run.components.values.reduce(.zero, +) }

    /// Power by component over time, watts, in the run's scope.
    public var powerSeries: [SVGChart.Series] {
        let pick: [(String, String, (SampleRecord) -> Double)] = [
            ("CPU", "#d9822b", { processScope ? $0.cpuProcessJoules : $0.cpuJoules }),
            ("GPU", "#2b6cb0", { processScope ? $0.gpuProcessJoules : $0.gpuJoules }),
            ("RAM", "#6b8e23", { processScope ? $0.ramProcessJoules : $0.ramJoules }),
        ]
        return pick.compactMap { name, color, value in
            let points = samples.map { (x: $0.t, y: $0.duration > 0 ? value($0) / $0.duration : 0) }
            return points.contains { $0.y > 0 } ? SVGChart.Series(name: name, color: color, points: points) : nil
        }
    }

    /// Cumulative emissions over time, grams.
    public var cumulativeEmissions: SVGChart.Series {
        var total = 0.0
        var points: [(x: Double, y: Double)] = [(0, 0)]
        for s in samples {
            let it = processScope ? s.cpuProcessJoules + s.gpuProcessJoules + s.ramProcessJoules : s.cpuJoules + s.gpuJoules + s.ramJoules
            total += run.intensity.emissions(for: .joules(it * run.pue)).grams
            points.append((s.t, total))
        }
        return SVGChart.Series(name: "CO2e", color: "#9b2c2c", points: points)
    }

    /// Facility energy and emissions of each task.
    public var taskTotals: [(name: String, duration: Double, energy: Energy, emissions: CarbonMass)] {
        tasks.map { task in
            let energy = Energy.joules(task.cpuJoules + task.gpuJoules + task.ramJoules) * run.pue
            return (task.name, task.end - task.start, energy, run.intensity.emissions(for: energy))
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

    /// A unit that reads well for powers up to `maximum` watts: W or kW, and its factor.
    public static func powerUnit(forWatts maximum: Double) -> (label: String, factor: Double) {
        maximum >= 1_000 ? ("kW", 1e-3) : ("W", 1)
    }

    /// The same IT energy in the lowest- and highest-intensity countries, in the regions of the
    /// run's cloud provider (or each provider's cleanest region), and at other PUEs.
    public func whatIfs(catalog: GridCatalog = .bundled) -> [WhatIf] {
        let it = itEnergy
        let base = run.emissions.grams
        func row(_ group: String, _ label: String, pue: Double, intensity: GridIntensity) -> WhatIf {
            let emissions = intensity.emissions(for: it * pue)
            return WhatIf(group: group, label: label, pue: pue, intensity: intensity, emissions: emissions,
                          ratio: base > 0 ? emissions.grams / base : 0)
        }
        var rows = [row("as measured", "\(run.locationCode ?? "given") \(run.locationName ?? "")".trimmingCharacters(in: .whitespaces),
                        pue: run.pue, intensity: run.intensity)]
        if let extremes = catalog.extremes(of: [.country]) {
            rows.append(row("place", "lowest-intensity country: \(extremes.lowest.name)", pue: run.pue, intensity: extremes.lowest.intensity))
            rows.append(row("place", "highest-intensity country: \(extremes.highest.name)", pue: run.pue, intensity: extremes.highest.intensity))
        }
        let cloud = catalog.regions(of: .cloudRegion)
        if let code = run.locationCode, code.contains(":"), let provider = code.split(separator: ":").first {
            let own = cloud.filter { $0.code.hasPrefix(provider + ":") }.sorted { $0.intensity < $1.intensity }
            for region in own.prefix(3) + own.suffix(2) where region.code != code {
                rows.append(row("\(provider) regions", region.name, pue: run.pue, intensity: region.intensity))
            }
        } else {
            for provider in ["aws", "azure", "gcp"] {
                if let cleanest = cloud.filter({ $0.code.hasPrefix(provider + ":") }).min(by: { $0.intensity < $1.intensity }) {
                    rows.append(row("cloud", "cleanest \(provider.uppercased()) region: \(cleanest.name)", pue: run.pue,
                                    intensity: cleanest.intensity))
                }
            }
        }
        for preset in ["personal-computer", "google", "average-2024"] {
            guard let p = PUEPreset.named(preset), p.pue.value != run.pue else { continue }
            rows.append(row("facility", "PUE \(Format.significant(p.pue.value)): \(p.description)", pue: p.pue.value, intensity: run.intensity))
        }
        return rows
    }

    /// How each figure was obtained, in words.
    public var methods: [(String, String)] {
        var rows: [(String, String)] = []
        for component in Component.allCases {
            let method = run.methods[component] ?? ""
            if component == .gpu && (method.isEmpty || method == "none") { continue }
            rows.append((component.rawValue.uppercased(), Self.explain(method, run: run)))
        }
        rows.append(("scope", processScope
            ? "the command's process tree: its share of busy CPU time applied to dynamic CPU power, the GPUs its processes used, its share of memory in use"
            : "the whole machine"))
        rows.append(("PUE", "\(Format.significant(run.pue)) — \(run.pueSource ?? "")"))
        rows.append(("grid", "\(run.intensity) — \(run.intensitySource ?? "") (\(run.locationName ?? run.locationCode ?? "given"))"))
        rows.append(("sampling", run.intervalSeconds.map { "every \(Format.significant($0)) s, \(samples.count) samples" } ?? "\(samples.count) samples"))
        return rows
    }

    static func explain(_ method: String, run: LedgerRun) -> String {
        switch method {
        case "measured:rapl": "measured: RAPL package energy counters (/sys/class/powercap)"
        case "measured:rapl-dram": "measured: RAPL DRAM energy counters"
        case "measured:nvml-energy": "measured: NVML total-energy counter of each GPU"
        case "measured:nvml-power": "measured: NVML power readings integrated over time"
        case "modeled:tdp-load": "modeled: CPU TDP × SPECpower load curve of utilisation (\(run.cpuPowerModel ?? "catalog TDP"))"
        case "modeled:ram-per-gb": "modeled: 0.3725 W per GB of memory in use (Green Algorithms)"
        case "imported:codecarbon": "imported from a CodeCarbon emissions.csv"
        default: method.isEmpty ? "not recorded (the run did not finish)" : method
        }
    }
}
