/// The job view: the runs of one job (one per rank, on one or more nodes) folded into a
/// ``JobAccount``, with a node's energy counted once however many ranks measured it.
///
/// Every rank's `footprint run` records the machine's energy in its samples, so summing the runs
/// of a node counts the node once per rank (as CodeCarbon does). Here a node's energy is its
/// machine energy counted once per instant: its runs are taken in order of local rank (then rank,
/// then start), and each sample contributes the fraction of its interval that no lower-ordered
/// run's samples on that node already cover. A run without samples contributes its totals.
public enum JobAccounting {
    /// One run of the job with what the ledger holds of it.
    public struct Input: Sendable {
        public var run: RunRecord
        public var samples: [SampleRecord]
        public var tasks: [TaskRecord]

        public init(run: RunRecord, samples: [SampleRecord], tasks: [TaskRecord]) {
            self.run = run
            self.samples = samples
            self.tasks = tasks
        }
    }

    /// The job `jobID` from its runs; nil without runs.
    public static func account(jobID: String, runs: [Input]) -> JobAccount? {
        let ordered = runs.sorted { ($0.run.startedAt, $0.run.id) < ($1.run.startedAt, $1.run.id) }
        guard let first = ordered.first else { return nil }
        let start = first.run.startedAt
        // A run's end: its recorded duration, or its last sample where that is later (a run whose
        // recorder died before writing its totals).
        let end =
            ordered.map { max($0.run.endedAt, $0.run.startedAt + ($0.samples.map(\.t).max() ?? 0)) }.max() ?? start
        let byNode = Dictionary(grouping: ordered, by: \.run.node)
        let nodes = byNode.keys.sorted().map { node(named: $0, runs: byNode[$0] ?? []) }
        return JobAccount(
            jobID: jobID, scheduler: first.run.job?.scheduler ?? .manual,
            name: ordered.lazy.compactMap(\.run.job?.name).first, startedAt: start, duration: end - start,
            energy: nodes.reduce(.zero) { $0 + $1.energy }, emissions: nodes.reduce(.zero) { $0 + $1.emissions },
            nodes: nodes, tasks: mergedTasks(ordered, jobStart: start), runIDs: ordered.map(\.run.id))
    }

    /// Who measures an instant first on a node: the lowest local rank, then rank, then the earlier run.
    static func measuringOrder(_ a: Input, _ b: Input) -> Bool {
        func key(_ i: Input) -> (Int, Int, Double, String) {
            (i.run.job?.localRank ?? .max, i.run.job?.rank ?? .max, i.run.startedAt, i.run.id)
        }
        return key(a) < key(b)
    }

    /// Ranks listed by rank, then local rank; those without either last.
    static func rankOrder(_ a: JobAccount.Rank, _ b: JobAccount.Rank) -> Bool {
        let left: (Int, Int, String) = (a.rank ?? .max, a.localRank ?? .max, a.runID)
        let right: (Int, Int, String) = (b.rank ?? .max, b.localRank ?? .max, b.runID)
        return left < right
    }

    static func node(named name: String, runs: [Input]) -> JobAccount.Node {
        var covered = Coverage()
        var components: [Component: Energy] = [:]
        var energy = Energy.zero, emissions = CarbonMass.zero
        for input in runs.sorted(by: measuringOrder) {
            let part = uncoveredEnergy(input, covered: covered)
            for (component, value) in part.components { components[component, default: .zero] += value }
            energy += part.components.values.reduce(.zero, +) * input.run.pue
            emissions += part.emissions
            // Added after the whole run: a run's own samples never cover each other.
            for sample in input.samples { covered.add(interval(of: sample, in: input.run)) }
        }
        let total = energy.joules
        let ranks = runs.map { input -> JobAccount.Rank in
            let process: Energy = processEnergy(input) * input.run.pue
            let share: Double = total > 0 ? process.joules / total : 0
            return JobAccount.Rank(
                rank: input.run.job?.rank, localRank: input.run.job?.localRank, runID: input.run.id,
                processEnergy: process, share: share)
        }
        .sorted(by: rankOrder)
        return JobAccount.Node(
            name: name, components: components, energy: energy, emissions: emissions, ranks: ranks)
    }

    /// The machine energy of a run's samples outside what `covered` holds, by component, and the
    /// emissions of it at the facility: each sample's part at the intensity it was priced at (the
    /// run's priced intensity where it kept none), so that an hourly-priced run counts its hours.
    /// A run without samples, its totals at its priced intensity.
    static func uncoveredEnergy(
        _ input: Input, covered: Coverage
    ) -> (components: [Component: Energy], emissions: CarbonMass) {
        let run = input.run
        guard !input.samples.isEmpty else {
            return (run.components, run.pricedIntensity.emissions(for: run.itEnergy * run.pue))
        }
        var joules: [Component: Double] = [.cpu: 0, .gpu: 0, .ram: 0]
        var emissions = CarbonMass.zero
        for sample in input.samples {
            let span = interval(of: sample, in: input.run)
            let length = span.upperBound - span.lowerBound
            let fraction =
                length > 0
                ? max(0, 1 - covered.overlap(with: span) / length)
                : (covered.contains(span.lowerBound) ? 0 : 1)
            joules[.cpu, default: 0] += sample.cpuJoules * fraction
            joules[.gpu, default: 0] += sample.gpuJoules * fraction
            joules[.ram, default: 0] += sample.ramJoules * fraction
            let facility = Energy.joules((sample.cpuJoules + sample.gpuJoules + sample.ramJoules) * fraction * run.pue)
            let intensity = sample.intensity.map(GridIntensity.gramsPerKilowattHour) ?? run.pricedIntensity
            emissions += intensity.emissions(for: facility)
        }
        return (joules.mapValues(Energy.joules), emissions)
    }

    /// IT energy attributed to the run's own processes: its totals in process scope; in machine
    /// scope, its samples' process parts (its totals when it has none).
    static func processEnergy(_ input: Input) -> Energy {
        guard input.run.scope == .machine, !input.samples.isEmpty else { return input.run.itEnergy }
        return .joules(
            input.samples.reduce(0) { $0 + $1.cpuProcessJoules + $1.gpuProcessJoules + $1.ramProcessJoules })
    }

    /// A sample's interval in seconds since 1970: `t` is the interval's end, from the run's start.
    static func interval(of sample: SampleRecord, in run: RunRecord) -> ClosedRange<Double> {
        let end = run.startedAt + sample.t
        return (end - max(sample.duration, 0))...end
    }

    static func mergedTasks(_ runs: [Input], jobStart: Double) -> [JobAccount.Task] {
        var merged: [String: JobAccount.Task] = [:]
        for input in runs {
            let pricing = input.run.recordedPricing(samples: input.samples)
            for task in input.tasks {
                let footprint = input.run.facilityFootprint(of: task, pricing: pricing)
                let start = input.run.startedAt + task.start - jobStart
                let end = input.run.startedAt + task.end - jobStart
                if var known = merged[task.name] {
                    known.start = min(known.start, start)
                    known.end = max(known.end, end)
                    known.energy += footprint.energy
                    known.emissions += footprint.emissions
                    known.count += 1
                    merged[task.name] = known
                } else {
                    merged[task.name] = JobAccount.Task(
                        name: task.name, start: start, end: end, energy: footprint.energy,
                        emissions: footprint.emissions, count: 1)
                }
            }
        }
        return merged.values.sorted { ($0.start, $0.name) < ($1.start, $1.name) }
    }
}

/// The union of closed time intervals, kept sorted and disjoint.
struct Coverage {
    private(set) var intervals: [ClosedRange<Double>] = []

    mutating func add(_ interval: ClosedRange<Double>) {
        var merged = interval
        var kept: [ClosedRange<Double>] = []
        for existing in intervals {
            if existing.upperBound < merged.lowerBound || existing.lowerBound > merged.upperBound {
                kept.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)...max(existing.upperBound, merged.upperBound)
            }
        }
        kept.append(merged)
        intervals = kept.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Seconds of `interval` inside the coverage.
    func overlap(with interval: ClosedRange<Double>) -> Double {
        intervals.reduce(0) { sum, existing in
            sum + max(0, min(existing.upperBound, interval.upperBound) - max(existing.lowerBound, interval.lowerBound))
        }
    }

    func contains(_ instant: Double) -> Bool { intervals.contains { $0.contains(instant) } }
}
