/// The figures an experiment's rule computed from its data, as `fit` in the JSON: the lines or
/// rank correlations of its sweeps, the overhead shares, or the ratios it judged. Only the parts
/// the rule uses are present.
public struct ExperimentFit: Sendable, Hashable, Codable {
    public var series: [SeriesFit]?
    public var shares: [ShareFit]?
    public var ratios: [RatioFit]?
    public var accuracyDrops: [AccuracyDrop]?

    public init(
        series: [SeriesFit]? = nil, shares: [ShareFit]? = nil, ratios: [RatioFit]? = nil,
        accuracyDrops: [AccuracyDrop]? = nil
    ) {
        self.series = series
        self.shares = shares
        self.ratios = ratios
        self.accuracyDrops = accuracyDrops
    }

    enum CodingKeys: String, CodingKey {
        case series, shares, ratios
        case accuracyDrops = "accuracy_drops"
    }
}

/// One sweep's line (slope in joules per unit of x) or rank correlation, and its verdict.
public struct SeriesFit: Sendable, Hashable, Codable {
    public var name: String
    public var points: Int
    /// Nil when fewer than two distinct x determine no line.
    public var line: LinearFit?
    /// Nil when all x or all energies are tied.
    public var spearman: Double?
    public var verdict: Verdict

    public init(name: String, points: Int, line: LinearFit? = nil, spearman: Double? = nil, verdict: Verdict) {
        self.name = name
        self.points = points
        self.line = line
        self.spearman = spearman
        self.verdict = verdict
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        points = try container.decode(Int.self, forKey: .points)
        spearman = try container.decodeIfPresent(Double.self, forKey: .spearman)
        verdict = try container.decode(Verdict.self, forKey: .verdict)
        // A series judged by rank has no line: its keys are absent, not null.
        let lineKeys = try decoder.container(keyedBy: LinearFit.CodingKeys.self)
        line = lineKeys.contains(.slope) ? try LinearFit(from: decoder) : nil
    }

    /// The line's figures sit beside the name (`slope`, `intercept`, `r_squared`), not nested.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(points, forKey: .points)
        try container.encodeIfPresent(spearman, forKey: .spearman)
        try container.encode(verdict, forKey: .verdict)
        try line?.encode(to: encoder)
    }

    enum CodingKeys: String, CodingKey { case name, points, spearman, verdict }
}

/// One model's overhead share (T − I) / T with the range its repeats allow, and β = T / I.
public struct ShareFit: Sendable, Hashable, Codable {
    public var label: String
    public var share: Double
    public var low: Double
    public var high: Double
    /// Training over inference energy on the same samples and epochs: 1 / (1 − share).
    public var beta: Double?
    public var verdict: Verdict

    public init(label: String, share: Double, low: Double, high: Double, beta: Double?, verdict: Verdict) {
        self.label = label
        self.share = share
        self.low = low
        self.high = high
        self.beta = beta
        self.verdict = verdict
    }
}

/// One judged ratio: the ratio of the medians, the range the repeats allow (`high` absent when
/// unbounded, a run having stopped short), and the rule's minimum.
public struct RatioFit: Sendable, Hashable, Codable {
    public var name: String
    public var pair: String
    public var value: Double
    public var low: Double
    public var high: Double?
    public var minimum: Double
    public var verdict: Verdict

    public init(
        name: String, pair: String, value: Double, low: Double, high: Double?, minimum: Double, verdict: Verdict
    ) {
        self.name = name
        self.pair = pair
        self.value = value
        self.low = low
        self.high = high
        self.minimum = minimum
        self.verdict = verdict
    }
}

/// Accuracy the favoured configuration lost against its reference, and the rule's allowance.
public struct AccuracyDrop: Sendable, Hashable, Codable {
    public var pair: String
    public var drop: Double
    public var maximum: Double
    public var verdict: Verdict

    public init(pair: String, drop: Double, maximum: Double, verdict: Verdict) {
        self.pair = pair
        self.drop = drop
        self.maximum = maximum
        self.verdict = verdict
    }
}
