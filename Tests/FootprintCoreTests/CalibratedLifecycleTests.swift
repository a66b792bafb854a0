import Testing

@testable import FootprintCore

/// I, β and T from a calibration, worked out by hand from ``CalibrationFixtures``' coefficients.
@Suite struct CalibratedLifecycleTests {
    static let spec = ModelSpec(name: "one-dense", input: [100], layers: [.dense(units: 10, bias: false)])

    @Test func inferenceTrainingAndBetaFollowTheCoefficients() throws {
        let analysis = try Self.spec.analyze()
        let flops = analysis.forwardFLOPs
        #expect(flops == 2 * 100 * 10)
        let inputs = try CalibratedLifecycleInputs(
            CalibrationFixtures.calibration(spread: 0.05), analysis: analysis, batch: 50, inferenceBatch: 10)
        // The fixture: inference 1 nJ/FLOP + 1 µJ/batch; training 3 nJ/FLOP + 2 µJ/batch + 1 nJ/parameter/batch.
        let i = 1e-9 * flops + 1e-6 / 10
        let t = 3e-9 * flops + 2e-6 / 50 + 1e-9 * 1_000 / 50
        #expect(abs(inputs.inference.energy.joules - i) < 1e-15)
        #expect(abs(inputs.training.energy.joules - t) < 1e-15)
        #expect(abs(inputs.overhead - t / i) < 1e-9)
        // Residual only: ±1.96 σ of the prediction.
        #expect(abs(inputs.inferenceInterval.high - (1 + 1.96 * 0.05)) < 1e-9)
        #expect(abs(inputs.trainingInterval.low - (1 - 1.96 * 0.05)) < 1e-9)
        let beta = 1.96 * (2 * 0.05 * 0.05).squareRoot()
        #expect(abs(inputs.overheadInterval.high - (1 + beta)) < 1e-9)
        // Time is energy ÷ 10 W in the fixture.
        #expect(abs(inputs.trainingDuration(samples: 1_000, epochs: 3).seconds - t / 10 * 3_000) < 1e-12)
    }

    @Test func aLayerKindTheCalibrationLacksIsNamed() throws {
        let analysis = try Self.spec.analyze()
        let calibration = CalibrationFixtures.calibration(layerKinds: [.conv2d, .loss])
        #expect {
            _ = try CalibratedLifecycleInputs(calibration, analysis: analysis, batch: 1, inferenceBatch: 1)
        } throws: { error in
            (error as? CalibrationError)?.reason == .uncoveredLayer
                && (error as? CalibrationError)?.message.contains("dense") == true
        }
    }

    @Test func intervalsOfTheLifeCycleAddTheStagesEnds() throws {
        let model = try LifecycleModel(
            inference: .measured(.joules(1)), overhead: 4, training: .init(samples: 10, epochs: 2),
            tuningRuns: [.init(samples: 10, epochs: 1)], inferences: 100, pue: PUE(1),
            intensity: .gramsPerKilowattHour(0))
        let estimate = model.estimate()
        let interval = LifecycleInterval(
            estimate, inference: RelativeInterval(low: 0.9, high: 1.1), training: RelativeInterval(low: 0.5, high: 2))
        #expect(interval.stages[.training]?.high.joules == 160)
        #expect(interval.stages[.search]?.low.joules == 20)
        #expect(interval.stages[.inference]?.low.joules == 90)
        #expect(abs((interval.total?.high.joules ?? 0) - (160 + 80 + 110)) < 1e-9)
        let partial = LifecycleInterval(estimate, inference: nil, training: RelativeInterval(low: 0.5, high: 2))
        #expect(partial.total == nil && partial.stages[.inference] == nil)
    }
}
