import FootprintCore

/// `report ID --json` and the dashboard's `/api/runs/{id}/report`: the run's report model, the
/// figures the HTML report draws.
public struct ReportJSON: Encodable, Sendable {
    public var run: RunJSON
    /// Why no energy was measured, for a run without any; absent otherwise.
    public var noMeasurement: String?
    /// Mean power of each component over each sampling interval, watts in the run's scope: the
    /// power chart's steps, whose area is the IT energy.
    public var powerIntervals: [Interval]
    public var whatIfs: [WhatIf]
    public var methods: [Method]
    /// The experiments the run measured (`lab experiment`), as `lab experiment --json` prints
    /// them; absent for other runs.
    public var experimentSuite: ExperimentSuiteResult?
    /// The forecast made after `--predict-after` epochs and every forecast in order, as
    /// `run --json` prints them; absent for a run that made none.
    public var prediction: ForecastJSON?
    public var predictions: [ForecastJSON]?
    /// With `--embodied`: the run's share of its hardware's embodied CO2e, beside `run.co2e_kg`.
    public var embodied: EmbodiedJSON?
    /// With `--wue`: the site's water for the run's IT energy.
    public var water: WaterUse?

    public struct Interval: Encodable, Sendable {
        public var startS, endS: Double
        public var watts: [String: Double]
        enum CodingKeys: String, CodingKey { case watts, startS = "start_s", endS = "end_s" }
    }

    public struct WhatIf: Encodable, Sendable {
        public var group, label: String
        public var pue, intensity, co2eKg, ratio: Double
        enum CodingKeys: String, CodingKey {
            case group, label, pue, ratio
            case intensity = "intensity_g_per_kwh", co2eKg = "co2e_kg"
        }
    }

    public struct Method: Encodable, Sendable {
        public var figure, how: String
    }

    public init(_ m: RunReportModel, experiments: ExperimentSuiteResult? = nil) {
        experimentSuite = experiments
        run = RunJSON(m.run, tasks: m.tasks, pricing: m.recordedPricing)
        run.sampleCount = m.samples.count
        run.pricingHistory = m.pricingHistory.map { RunPriceJSON($0, run: m.run) }
        noMeasurement = m.noMeasurement
        powerIntervals = m.powerIntervals.map { interval in
            Interval(
                startS: interval.start, endS: interval.end,
                watts: Dictionary(uniqueKeysWithValues: interval.watts.map { ($0.key.rawValue, $0.value) }))
        }
        // Comparisons with nothing measured compare nothing.
        whatIfs =
            m.noMeasurement != nil
            ? []
            : m.whatIfs().map {
                WhatIf(
                    group: $0.group, label: $0.label, pue: $0.pue, intensity: $0.intensity.gramsPerKilowattHour,
                    co2eKg: $0.emissions.kilograms, ratio: $0.ratio)
            }
        methods = m.methods.map { Method(figure: $0.0, how: $0.1) }
        prediction = ForecastJSON.prediction(m.forecasts)
        predictions = ForecastJSON.predictions(m.forecasts)
        embodied = m.embodied.map(EmbodiedJSON.init)
        water = m.water
    }

    enum CodingKeys: String, CodingKey {
        case run, methods, prediction, predictions, embodied, water
        case noMeasurement = "no_measurement", powerIntervals = "power_intervals", whatIfs = "what_ifs"
        case experimentSuite = "experiment_suite"
    }
}
