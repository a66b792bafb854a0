import FootprintCore

/// Gitzel et al.'s §4.4 (Table 4): networks of several depths and uniform widths, each trained
/// and, separately, run forward over the same D·E samples, at two training-set sizes. The
/// overhead (T − I) / T per model shows whether it levels off near 80 % (β ≈ 5) as networks
/// grow; the verdict is on the largest model at each size, every model's share is in the fit.
struct TrainingVsInferenceDesign: ExperimentDesign {
    let name = ExperimentName.trainingVsInference

    struct Plan {
        var depths: [Int]
        var widths: [Int]
        /// The two training-set sizes, larger first (the paper's 100,000 and 10,000).
        var sizes: [Int]
        var epochs: Int
    }

    /// At paper scale a subset of the paper's grid: depths 10 to 170 in steps of 40 at its
    /// narrowest and widest widths, 25 and 100 (ten models at each size, trained for 10 epochs).
    static func plan(_ scale: ExperimentScale) -> Plan {
        switch scale {
        case .smoke: Plan(depths: [1, 2, 4], widths: [64, 128], sizes: [2_000, 1_000], epochs: 2)
        case .standard: Plan(depths: [2, 4, 8], widths: [64, 128], sizes: [8_000, 4_000], epochs: 4)
        case .paper:
            Plan(depths: [10, 50, 90, 130, 170], widths: [25, 100], sizes: [100_000, 10_000], epochs: 10)
        }
    }

    /// The pair's group: model and training-set size ("10x50, 10,000 samples").
    static func group(depth: Int, width: Int, samples: Int) -> String {
        "\(depth)x\(width), \(Format.count(samples)) samples"
    }

    func configurations(at scale: ExperimentScale) -> [PlannedConfiguration] {
        let plan = Self.plan(scale)
        var configurations: [PlannedConfiguration] = []
        for samples in plan.sizes {
            let data = DesignKit.synthetic(samples, scale: scale)
            for depth in plan.depths {
                for width in plan.widths {
                    let spec = DesignKit.mlp(depth: depth, width: width)
                    let group = Self.group(depth: depth, width: width, samples: samples)
                    configurations.append(
                        DesignKit.training(
                            "\(group), training", spec: spec, data: data, epochs: plan.epochs, depth: depth,
                            width: width, model: "\(depth)x\(width)", group: group,
                            minimumSeconds: scale.minimumPhaseSeconds))
                    configurations.append(
                        DesignKit.inference(
                            "\(group), inference", spec: spec, data: data, epochs: plan.epochs, scale: scale,
                            depth: depth, width: width, model: "\(depth)x\(width)", group: group))
                }
            }
        }
        return configurations
    }

    /// A model measured both ways at one training-set size.
    struct Pair {
        var evidence: OverheadEvidence
        var model: String
        var samples: Int
        var parameters: Int
    }

    func evaluate(
        _ measured: [MeasuredConfiguration]
    ) -> (evaluation: Evaluation, configurations: [ConfigurationResult]) {
        let results = measured.map(\.result)
        let pairs = Self.pairs(results)
        guard case .overheadShare(let rule) = definition.rule else {
            return (TrainingSetSizeDesign.misdefined, results)
        }
        // The claim is about where the share levels off: the largest model at each size.
        var largest: [Pair] = []
        for samples in Set(pairs.map(\.samples)).sorted(by: >) {
            let atSize = pairs.filter { $0.samples == samples }
            if let pair = atSize.max(by: { $0.parameters < $1.parameters }) { largest.append(pair) }
        }
        var evaluation = rule.evaluate(largest.map(\.evidence))
        let counts = Set(pairs.map(\.samples)).map { samples in pairs.count { $0.samples == samples } }
        if counts.count < 2 || Set(counts).count > 1 {
            // A run cut short: the largest model of a size may not have been reached.
            evaluation = evaluation.inconclusive(because: "Not every model was measured at both sizes")
        }
        // Every model's share, for the chart of share against depth and width.
        let every = rule.evaluate(pairs.map(\.evidence)).fit.shares ?? []
        evaluation.fit = ExperimentFit(shares: every)
        let trends = Set(pairs.map(\.samples)).sorted(by: >).compactMap { samples in
            Self.trend(pairs.filter { $0.samples == samples }, shares: every, samples: samples)
        }
        if !trends.isEmpty {
            evaluation.finding += " From the smallest to the largest model: " + trends.joined(separator: "; ") + "."
        }
        return (evaluation, results)
    }

    /// The models measured both ways, in the order measured.
    static func pairs(_ results: [ConfigurationResult]) -> [Pair] {
        var pairs: [Pair] = []
        for training in results where training.parameters.phase == .train {
            guard let group = training.parameters.group,
                let inference = results.first(where: {
                    $0.parameters.phase == .inference && $0.parameters.group == group
                })
            else { continue }
            pairs.append(
                Pair(
                    evidence: OverheadEvidence(label: group, training: training.energy, inference: inference.energy),
                    model: training.parameters.model ?? group, samples: training.parameters.trainSamples ?? 0,
                    parameters: training.parameters.trainableParameters ?? 0))
        }
        return pairs
    }

    /// How the share moves from the smallest to the largest model at one size ("at 4,000 samples
    /// 41 % (1x32, β 1.7) to 72 % (16x128, β 3.6) over 6 models"); nil with fewer than two models.
    static func trend(_ pairs: [Pair], shares: [ShareFit], samples: Int) -> String? {
        guard pairs.count >= 2, let smallest = pairs.min(by: { $0.parameters < $1.parameters }),
            let largest = pairs.max(by: { $0.parameters < $1.parameters }),
            let from = shares.first(where: { $0.label == smallest.evidence.label }),
            let to = shares.first(where: { $0.label == largest.evidence.label })
        else { return nil }
        func figure(_ share: ShareFit, _ pair: Pair) -> String {
            Format.percent(share.share) + " (\(pair.model)"
                + (share.beta.map { ", β \(Format.significant($0))" } ?? "") + ")"
        }
        return "at \(Format.count(samples)) samples \(figure(from, smallest)) to \(figure(to, largest)) over "
            + "\(pairs.count) models"
    }
}
