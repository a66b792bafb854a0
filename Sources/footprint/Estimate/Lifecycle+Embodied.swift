import FootprintCore

extension Estimate.Lifecycle {
    /// The hardware's embodied CO2e over the life cycle's processor time, by stage.
    struct EmbodiedFigures {
        /// All stages together: the time the processors spend on search, training and use.
        var total: EmbodiedEstimate
        /// Each stage's share, in stage order (stages that take no time are left out).
        var stages: [(name: LifecycleEstimate.StageName, estimate: EmbodiedEstimate)]
        /// Hours on the processors, all stages.
        var hours: Double
    }

    /// `--embodied`: the stages' time on the processors comes from FLOP-based I, where each stage's
    /// IT energy is count × TDP × its time, so a stage's hours are its IT energy over that power.
    /// Calibrated and measured I run on this machine, whose devices the estimate does not know.
    /// - Throws: ``InvalidInput`` when `--embodied` comes without FLOP-based I, or its figures are refused.
    func embodiedFigures(_ estimate: LifecycleEstimate, inference: InferenceSource) throws -> EmbodiedFigures? {
        guard extras.embodied else {
            // Refuses an embodied figure given without --embodied, as the other estimates do.
            _ = try extras.estimate(processors: count, hours: 0)
            return nil
        }
        guard let hardware = inference.hardware, inference.calibrated == nil, inference.measured == nil else {
            throw InvalidInput(
                "--embodied on the life cycle needs FLOP-based I (--hardware with --model or --inference-flops), "
                    + "from which each stage's time on the processors follows; for a measured run use "
                    + "`footprint report RUN --embodied`")
        }
        let power = hardware.tdp.watts * Double(count)
        func hours(_ energy: Energy) -> Double { power > 0 ? energy.joules / power / 3_600 : 0 }
        var stages: [(name: LifecycleEstimate.StageName, estimate: EmbodiedEstimate)] = []
        for stage in estimate.stages where stage.itEnergy.joules > 0 {
            if let share = try extras.estimate(processors: count, hours: hours(stage.itEnergy), accelerator: hardware) {
                stages.append((stage.name, share))
            }
        }
        let total = estimate.stages.reduce(Energy.zero) { $0 + $1.itEnergy }
        guard let whole = try extras.estimate(processors: count, hours: hours(total), accelerator: hardware) else {
            return nil
        }
        return EmbodiedFigures(total: whole, stages: stages, hours: hours(total))
    }

    /// Terminal lines: the whole life cycle's embodied CO2e with its workings, then each stage's.
    static func embodiedLines(_ figures: EmbodiedFigures) -> [String] {
        var lines = EmbodiedOutput.lines(figures.total, besideOperational: true)
        let byStage = figures.stages.map { "\($0.name.rawValue) \($0.estimate.emissions)" }
        if !byStage.isEmpty {
            lines.append(
                Terminal.dim(
                    "             by stage, each by its time on the processors "
                        + "(\(Format.fixed(figures.hours, decimals: 0)) h in all): " + byStage.joined(separator: ", ")))
        }
        return lines
    }
}

/// The JSON of `--embodied` on the life cycle: the whole and each stage's share.
struct LifecycleEmbodiedJSON: Encodable {
    var whole: EmbodiedJSON
    var hours: Double
    var stages: [String: Double]

    init(_ figures: Estimate.Lifecycle.EmbodiedFigures) {
        whole = EmbodiedJSON(figures.total)
        hours = figures.hours
        stages = Dictionary(
            uniqueKeysWithValues: figures.stages.map { ($0.name.rawValue, $0.estimate.emissions.kilograms) })
    }

    enum CodingKeys: String, CodingKey { case hours, stages = "stages_kg" }

    /// One flat object: `embodied_kg`, `accelerators_kg`, `servers_kg` and the rest as `estimate
    /// embodied --json` has them, then `hours` and `stages_kg`.
    func encode(to encoder: any Encoder) throws {
        try whole.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hours, forKey: .hours)
        try container.encode(stages, forKey: .stages)
    }
}
