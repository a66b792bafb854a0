/// One configuration's place in a sweep: the swept value x and its energy over the repeats.
public struct SweepPoint: Sendable, Hashable {
    public var x: Double
    public var energy: Spread

    public init(x: Double, energy: Spread) {
        self.x = x
        self.energy = energy
    }
}

/// A sweep of one model (or one width): the points the linearity and rank rules judge.
public struct Sweep: Sendable, Hashable {
    /// The series' name in the finding and the fit ("2x64", "width 25").
    public var name: String
    public var points: [SweepPoint]

    public init(name: String, points: [SweepPoint]) {
        self.name = name
        self.points = points
    }

    /// How much the repeats scatter, on average: the mean of (maximum − minimum) over the points.
    var meanSpreadWidth: Double { Statistics.mean(points.map(\.energy.width)) ?? 0 }
}

/// Two energies whose ratio a rule judges ("scratch ÷ fine-tuned"), each over its repeats.
public struct RatioEvidence: Sendable, Hashable {
    /// The criterion of the rule this pair answers (``RatioCriterion/name``).
    public var criterion: String
    /// Which pair, when a criterion has several ("MLP", "CNN", "params ≈ 40k").
    public var pair: String
    public var numerator: Spread
    public var denominator: Spread
    /// False when the numerator's run stopped before reaching the target (its energy is then a
    /// lower bound of the energy to reach it, and so is the ratio).
    public var numeratorReached: Bool
    /// False when the denominator's run stopped before reaching the target (the ratio is then an
    /// upper bound).
    public var denominatorReached: Bool

    public init(
        criterion: String, pair: String, numerator: Spread, denominator: Spread, numeratorReached: Bool = true,
        denominatorReached: Bool = true
    ) {
        self.criterion = criterion
        self.pair = pair
        self.numerator = numerator
        self.denominator = denominator
        self.numeratorReached = numeratorReached
        self.denominatorReached = denominatorReached
    }

    /// The ratio of the medians and the range the repeats allow: lowest numerator over highest
    /// denominator up to the reverse, widened to 0 or ∞ where a run stopped short. Nil unless both
    /// medians are positive.
    var ratio: (value: Double, low: Double, high: Double)? {
        guard numerator.median > 0, denominator.median > 0, numerator.minimum >= 0, denominator.minimum > 0 else {
            return nil
        }
        let value = numerator.median / denominator.median
        let low = denominatorReached ? numerator.minimum / denominator.maximum : 0
        let high = numeratorReached ? numerator.maximum / denominator.minimum : .infinity
        return (value, low, high)
    }
}

/// An accuracy kept or lost: the reference (the unpruned model, Float32, the deep model) against
/// the candidate the claim favours.
public struct AccuracyEvidence: Sendable, Hashable {
    public var pair: String
    public var reference: Double
    public var candidate: Double

    public init(pair: String, reference: Double, candidate: Double) {
        self.pair = pair
        self.reference = reference
        self.candidate = candidate
    }

    /// Accuracy lost by the candidate (negative when it gained).
    public var drop: Double { reference - candidate }
}

/// Training and inference energy over the same samples: the overhead-share rule's evidence.
public struct OverheadEvidence: Sendable, Hashable {
    /// Which model and training-set size ("10x100, 100,000 samples").
    public var label: String
    public var training: Spread
    public var inference: Spread

    public init(label: String, training: Spread, inference: Spread) {
        self.label = label
        self.training = training
        self.inference = inference
    }
}

extension Sweep {
    /// The sweep of `configurations` over the parameter `x` reads (e.g. `{ $0.trainSamples }`),
    /// ordered by it; configurations without that parameter are left out.
    public init(name: String, configurations: [ConfigurationResult], x: (ConfigurationParameters) -> Double?) {
        let points = configurations.compactMap { configuration in
            x(configuration.parameters).map { SweepPoint(x: $0, energy: configuration.energy) }
        }
        self.init(name: name, points: points.sorted { $0.x < $1.x })
    }
}
