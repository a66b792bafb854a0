import Foundation
import Testing

@testable import FootprintCore

@Suite struct CalibrationTests {
    /// 784 → 100 relu → 10 softmax: dense FLOPs 2·784·100 + 100 + 2·100·10 + 10 = 158,910.
    let mlp = ModelSpec.mlp(inputs: 784, depth: 1, width: 100, classes: 10)

    @Test func featuresCountEachKindAndTheBatchTerms() throws {
        let features = try CalibrationFeatures.of(try mlp.analyze(), batch: 32)
        #expect(features[.denseFLOPs] == 158_910)
        #expect(features[.denseElements] == (784 + 100) + (100 + 10))
        #expect(features[.activationElements] == 200)
        #expect(features[.lossElements] == 10)
        #expect(features[.convFLOPs] == 0)
        #expect(features[.parametersPerBatch] == Double(784 * 100 + 100 + 100 * 10 + 10) / 32)
        #expect(features[.layersPerBatch] == 3.0 / 32)
        #expect(features[.perBatch] == 1.0 / 32)
        #expect(features.layerKinds == [.dense, .activation, .loss])
        // The output layer computes the gradient for its input in training; the first does not.
        #expect(features[.denseInputGradientFLOPs] == 2 * 100 * 10 + 10)
        let all = CalibrationFeature.allCases
        let index = try #require(all.firstIndex(of: .denseInputGradientFLOPs))
        #expect(features.vector(all, for: .training)[index] == 2_010)
        #expect(features.vector(all, for: .inference)[index] == 0)
    }

    @Test func aLayerNoCalibrationMeasuresIsNamed() throws {
        let spec = ModelSpec(
            name: "tiny-transformer", input: [16], layers: [.embedding(vocabulary: 100, dimensions: 8), .layerNorm])
        #expect {
            try CalibrationFeatures.of(try spec.analyze(), batch: 8)
        } throws: { error in
            (error as? CalibrationError)?.reason == .uncoveredLayer
                && "\(error)".contains("layer 1 (embedding 100→8)")
        }
    }

    @Test func predictionFollowsTheCoefficients() throws {
        let calibration = CalibrationFixtures.calibration(spread: 0.1)
        let inference = try calibration.predict(try mlp.analyze(), pass: .inference, batch: 32)
        // 158,910 FLOP × 1 nJ + 1 µJ / 32.
        let expected = 158_910e-9 + 1e-6 / 32
        #expect(abs(inference.energy.joules - expected) < 1e-15)
        #expect(abs(inference.seconds - expected / 10) < 1e-15)
        // No covariance: the interval is the scatter alone, ±1.96 σ.
        #expect(abs(inference.highEnergy.joules - expected * 1.196) < 1e-12)
        #expect(abs(inference.lowEnergy.joules - expected * 0.804) < 1e-12)
    }

    @Test func aKindTheCalibrationLacksIsRefused() throws {
        let calibration = CalibrationFixtures.calibration(layerKinds: [.dense, .loss])
        #expect {
            try calibration.predict(try mlp.analyze(), pass: .training, batch: 32)
        } throws: { error in
            (error as? CalibrationError)?.reason == .uncoveredLayer && "\(error)".contains("activation")
        }
    }

    @Test func theFileReadsBackAsWritten() throws {
        let calibration = CalibrationFixtures.calibration()
        let data = try calibration.jsonData()
        #expect(try EnergyCalibration.parse(data, path: "c.json") == calibration)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"format\" : \"footprint-calibration\""))
        #expect(text.contains("\"relative_residual_sd\""))
    }

    @Test(arguments: [
        ("[1, 2]", CalibrationError.Reason.corrupt),
        ("{\"format\": \"something-else\", \"version\": 1}", .corrupt),
        ("{\"format\": \"footprint-calibration\", \"version\": 99}", .newerVersion),
        ("{\"format\": \"footprint-calibration\", \"version\": 1}", .corrupt)
    ])
    func badFilesAreRefusedWithAReason(text: String, reason: CalibrationError.Reason) {
        #expect {
            try EnergyCalibration.parse(Data(text.utf8), path: "c.json")
        } throws: { error in
            (error as? CalibrationError)?.reason == reason && "\(error)".hasPrefix("c.json")
        }
    }

    @Test func aNegativeCoefficientMakesTheFileDamaged() throws {
        var calibration = CalibrationFixtures.calibration()
        calibration.training.energy.coefficients[0].value = -1
        #expect {
            try EnergyCalibration.parse(try calibration.jsonData(), path: "c.json")
        } throws: { error in
            (error as? CalibrationError)?.reason == .corrupt && "\(error)".contains("negative")
        }
    }

    @Test func anotherMachineIsNamedOrAcceptedWithForce() throws {
        let calibration = CalibrationFixtures.calibration()
        let here = CalibrationFixtures.fingerprint(cpuModel: "Other CPU", threads: 2)
        #expect {
            _ = try calibration.check(against: here, force: false)
        } throws: { error in
            (error as? CalibrationError)?.reason == .otherMachine
                && "\(error)".contains("CPU: calibrated with Test CPU @ 2.00GHz, here Other CPU")
                && "\(error)".contains("threads: calibrated with 1, here 2")
        }
        let warning = try calibration.check(against: here, force: true)
        #expect(warning?.contains("--force") == true)
        // The machine alone: the thread count is the engine's, not compared.
        #expect(throws: CalibrationError.self) {
            try calibration.check(against: here, comparing: .machine, force: false)
        }
        let sameMachine = CalibrationFixtures.fingerprint(threads: 2)
        #expect(try calibration.check(against: sameMachine, comparing: .machine, force: false) == nil)
    }

    @Test func theDefaultPathIsPerMachineAndEngine() {
        let path = EnergyCalibration.defaultPath(
            for: CalibrationFixtures.fingerprint(), environment: ["FOOTPRINT_DATA_DIR": "/data"])
        #expect(path == "/data/calibrations/test-cpu-2-00ghz-4cpu-lab-cpu-1t.json")
    }
}
