import Testing

@testable import FootprintCore

@Suite("Hourly pricing of a run's samples")
struct HourlyPricingTests {
    static let start = 1_764_547_200.0  // 2025-12-01T00:00:00Z

    static func reading(
        _ from: Double, _ to: Double, _ grams: Double, factor: IntensityFactor = .lifecycle,
        kind: IntensityKind = .actual, source: String = "Electricity Maps"
    ) -> IntensityReading {
        IntensityReading(
            zone: "DE", start: start + from, end: start + to, intensity: .gramsPerKilowattHour(grams), factor: factor,
            kind: kind, source: source, recordedAt: start)
    }

    /// Samples of `seconds` each ending at `t`, `joules` of CPU energy on the machine and half that
    /// in the tree.
    static func samples(_ ends: [Double], seconds: Double = 60, joules: Double = 3_600) -> [SampleRecord] {
        ends.map {
            SampleRecord(
                t: $0, duration: seconds, cpuJoules: joules, cpuProcessJoules: joules / 2, gpuJoules: 0,
                gpuProcessJoules: 0, ramJoules: 0, ramProcessJoules: 0, cpuUtilization: 1, processCPUShare: 0.5)
        }
    }

    static func price(
        _ samples: [SampleRecord], _ readings: [IntensityReading], scope: Scope = .machine
    ) -> RunPricing {
        HourlyPricing.price(
            samples: samples, startedAt: start, scope: scope, readings: readings, annual: .gramsPerKilowattHour(400),
            annualSource: "Our World in Data / Ember, 2023")
    }

    @Test("each interval at its own hour's intensity: Σ ΔE × CI(t)")
    func byTheHour() {
        let pricing = Self.price(
            Self.samples([1_800, 5_400, 5_460]), [Self.reading(0, 3_600, 100), Self.reading(3_600, 7_200, 300)])
        #expect(pricing.samples.map(\.intensity.gramsPerKilowattHour) == [100, 300, 300])
        // 1 kWh at 100 and 2 kWh at 300 over 3 kWh.
        #expect(abs(pricing.meanIntensity.gramsPerKilowattHour - 700.0 / 3) < 1e-9)
        #expect(abs(pricing.emissions(for: .kilowattHours(3)).grams - 700) < 1e-9)
        #expect(pricing.basis.kind == .hourly)
        #expect(pricing.basis.label == "hourly (Electricity Maps, life-cycle average)")
    }

    @Test("an interval across an hour's boundary is split by the time it spends in each")
    func straddling() {
        // 3,570 s to 3,630 s: half in each hour.
        let pricing = Self.price(Self.samples([3_630]), [Self.reading(0, 3_600, 100), Self.reading(3_600, 7_200, 300)])
        #expect(pricing.samples.first?.intensity.gramsPerKilowattHour == 200)
    }

    @Test("what no reading covers is priced at the annual average, and the basis says how much")
    func partlyCovered() {
        let pricing = Self.price(Self.samples([1_800, 5_400]), [Self.reading(0, 3_600, 100)])
        #expect(pricing.samples.map(\.intensity.gramsPerKilowattHour) == [100, 400])
        #expect(pricing.basis.kind == .partlyHourly)
        #expect(pricing.basis.hourlyShare == 0.5)
        #expect(
            pricing.basis.label
                == "hourly (Electricity Maps, life-cycle average) for 50 % of the energy, "
                + "annual average (Our World in Data / Ember, 2023) for the rest")
    }

    @Test("without readings the run keeps the annual average, named with its source and year")
    func annualOnly() {
        let pricing = Self.price(Self.samples([60, 120]), [])
        #expect(pricing.basis == .annual(source: "Our World in Data / Ember, 2023"))
        #expect(pricing.basis.label == "annual average (Our World in Data / Ember, 2023)")
        #expect(pricing.meanIntensity.gramsPerKilowattHour == 400)
    }

    @Test("marginal signals are never mixed in; life-cycle wins over direct, actual over forecast")
    func readingChoice() {
        let readings = [
            Self.reading(0, 3_600, 900, factor: .marginal, source: "WattTime"),
            Self.reading(0, 3_600, 150, factor: .direct),
            Self.reading(0, 3_600, 120, kind: .forecast),
            Self.reading(0, 3_600, 110)
        ]
        let pricing = Self.price(Self.samples([600]), readings)
        #expect(pricing.samples.first?.intensity.gramsPerKilowattHour == 110)
        #expect(pricing.basis.factor == .lifecycle)
        let marginalOnly = Self.price(Self.samples([600]), [readings[0]])
        #expect(marginalOnly.basis.kind == .annual)
    }

    @Test("the run's scope decides which energy weighs the hours")
    func scopeWeights() {
        var samples = Self.samples([1_800, 5_400])
        samples[1].cpuProcessJoules = 0
        let readings = [Self.reading(0, 3_600, 100), Self.reading(3_600, 7_200, 300)]
        #expect(Self.price(samples, readings, scope: .machine).meanIntensity.gramsPerKilowattHour == 200)
        #expect(Self.price(samples, readings, scope: .process).meanIntensity.gramsPerKilowattHour == 100)
    }

    @Test("a task is priced by the intervals that end within it")
    func taskPrice() {
        let pricing = Self.price(
            Self.samples([1_800, 5_400]), [Self.reading(0, 3_600, 100), Self.reading(3_600, 7_200, 300)])
        #expect(pricing.intensity(from: 3_600, to: 7_200).gramsPerKilowattHour == 300)
        #expect(pricing.intensity(from: 7_200, to: 9_000).gramsPerKilowattHour == 400)
    }

    @Test("a recorded run carries its priced intensity beside the annual one")
    func recordIntensity() {
        var run = RunRecord(
            id: "r", project: nil, name: "n", command: [], host: "h", pid: nil, startedAt: Self.start,
            intervalSeconds: 1, scope: .machine, locationCode: "DE", locationName: "Germany",
            intensity: .gramsPerKilowattHour(400), intensitySource: "Ember", pue: 1, pueSource: nil, cpuModel: nil,
            cpuPowerModel: nil, gpus: [], energy: .kilowattHours(2), emissions: .grams(800), notes: [])
        #expect(run.pricedIntensity.gramsPerKilowattHour == 400)
        run.emissions = .grams(300)
        run.pricing = PricingBasis(
            kind: .hourly, hourlySources: ["Electricity Maps"], factor: .lifecycle, annualSource: "Ember",
            hourlyShare: 1)
        #expect(run.pricedIntensity.gramsPerKilowattHour == 150)
    }
}

@Suite("A recorded run's pricing basis")
struct RunPricingBasisTests {
    @Test("a run priced before hourly pricing names its annual source")
    func annualFallback() {
        var run = RunRecord(
            id: "r", project: nil, name: "n", command: [], host: "h", pid: nil, startedAt: 0, intervalSeconds: 1,
            scope: .machine, locationCode: "DE", locationName: "Germany", intensity: .gramsPerKilowattHour(381),
            intensitySource: "Our World in Data / Ember, 2023", pue: 1, pueSource: nil, cpuModel: nil,
            cpuPowerModel: nil, gpus: [], notes: [])
        #expect(run.pricingBasis.label == "annual average (Our World in Data / Ember, 2023)")
        run.intensitySource = nil
        #expect(run.pricingBasis.label == "annual average (source not recorded)")
    }
}
