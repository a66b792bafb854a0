import Testing

@testable import FootprintCore

@Suite struct LifecycleModelTests {
    func model(
        inferenceJoules: Double = 2, overhead: Double = 5, samples: Double = 1_000, epochs: Double = 10,
        tuning: Int = 0, finalInSearch: Bool = false, inferences: Double = 0, pue: Double = 1.5,
        intensity: Double = 400
    ) throws -> LifecycleModel {
        let run = try LifecycleModel.TrainingRun(samples: samples, epochs: epochs)
        return try LifecycleModel(
            inference: .measured(.joules(inferenceJoules)), overhead: overhead, training: run,
            tuningRuns: Array(repeating: run, count: tuning), finalTrainingInSearch: finalInSearch,
            inferences: inferences, pue: PUE(pue), intensity: .gramsPerKilowattHour(intensity))
    }

    @Test func stagesFollowThePaper() throws {
        // I = 2 J × 1.5 = 3 J; T = 5 · 3 J · 1,000 · 10 = 150 kJ; CT = 4 · T; e · I = 1e6 · 3 J = 3 MJ.
        let estimate = try model(tuning: 4, inferences: 1_000_000).estimate()
        #expect(estimate.inferenceEnergy.joules == 3)
        #expect(estimate.stage(.training)?.facilityEnergy.joules == 150_000)
        #expect(estimate.stage(.search)?.facilityEnergy.joules == 600_000)
        #expect(estimate.stage(.inference)?.facilityEnergy.joules == 3_000_000)
        #expect(estimate.totalEnergy.joules == 3_750_000)
        #expect(estimate.stage(.training)?.itEnergy.joules == 100_000)
        // CO2e = EC · EF: 3.75 MJ = 1.041 6 kWh × 400 g.
        #expect(abs(estimate.totalEmissions.grams - 3_750_000 / 3_600_000 * 400) < 1e-9)
        #expect(estimate.dominant?.name == .inference)
        #expect(abs(estimate.share(of: try #require(estimate.stage(.inference))) - 0.8) < 1e-12)
        #expect(estimate.breakEvenInferences == 50_000)
    }

    @Test func finalTrainingInsideSearchIsNotCountedTwice() throws {
        let estimate = try model(tuning: 3, finalInSearch: true).estimate()
        #expect(estimate.stage(.training)?.facilityEnergy == .zero)
        #expect(estimate.totalEnergy.joules == 3 * 150_000)
    }

    @Test func trainingScalesLinearlyWithSamplesAndEpochs() throws {
        let base = try model().estimate().totalEnergy
        #expect(try model(samples: 2_000).estimate().totalEnergy == base * 2)
        #expect(try model(epochs: 30).estimate().totalEnergy == base * 3)
    }

    @Test func flopBasedInference() throws {
        let a100 = try HardwareCatalog.bundled.accelerator("a100 sxm4 80gb")
        // 1e9 FLOP at 19.5e12 × 0.5 FLOP/s takes 1.0256e-4 s at 400 W → 0.041 J, whatever the count.
        let one = try InferenceCost.fromFLOPs(1e9, on: a100, precision: .fp32, utilization: 0.5)
        let eight = try InferenceCost.fromFLOPs(1e9, on: a100, count: 8, precision: .fp32, utilization: 0.5)
        #expect(abs(one.itEnergy.joules - 1e9 / (19.5e12 * 0.5) * 400) < 1e-12)
        #expect(abs(eight.itEnergy.joules - one.itEnergy.joules) < 1e-12)
        #expect(abs(try #require(eight.duration).seconds * 8 - (try #require(one.duration).seconds)) < 1e-15)
        #expect(throws: InvalidInput.self) {
            try InferenceCost.fromFLOPs(
                1e9, on: HardwareCatalog.bundled.accelerator("tpu v3"), precision: .fp32, utilization: 0.5)
        }
    }

    @Test(arguments: [
        (-1.0, 10.0), (0.0, 10.0), (Double.nan, 10.0), (100.0, 0.0), (100.0, -3.0), (100.0, Double.infinity)
    ])
    func badTrainingRunsAreRefused(samples: Double, epochs: Double) {
        #expect(throws: InvalidInput.self) { try LifecycleModel.TrainingRun(samples: samples, epochs: epochs) }
    }

    @Test func otherBadInputsAreRefused() {
        #expect(throws: InvalidInput.self) { try InferenceCost.measured(.joules(0)) }
        #expect(throws: InvalidInput.self) { try InferenceCost.measured(.joules(-2)) }
        #expect(throws: InvalidInput.self) { try model(overhead: 0.5) }
        #expect(throws: InvalidInput.self) { try model(inferences: -1) }
        #expect(throws: InvalidInput.self) { try model(intensity: -5) }
        #expect(throws: InvalidInput.self) { try model(intensity: .nan) }
    }
}
