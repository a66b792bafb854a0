import FootprintCore
import Foundation
import Testing

@Suite struct CalibrationFitTests {
    static let features: [CalibrationFeature] = [.denseFLOPs, .denseElements, .perBatch]

    /// Rows with features of very different sizes (FLOPs in the millions, 1/batch below 1).
    static func rows(_ count: Int) -> [[Double]] {
        var random = SystemRandomNumberGenerator()
        return (0..<count).map { index in
            let width = Double(16 << (index % 5))
            let batch = Double([8, 32, 128][index % 3])
            return [
                2 * width * width * Double(1 + index % 4), 2 * width + Double.random(in: 0...50, using: &random),
                1 / batch
            ]
        }
    }

    @Test func recoversKnownCoefficientsAcrossOrdersOfMagnitude() throws {
        let truth = [2e-10, 3e-8, 4e-5]
        let rows = Self.rows(30)
        let measured = rows.map { zip($0, truth).reduce(0) { $0 + $1.0 * $1.1 } }
        let model = try CalibrationFit.fit(features: Self.features, rows: rows, measured: measured, quantity: "J")
        for (coefficient, expected) in zip(model.coefficients, truth) {
            #expect(abs(coefficient.value / expected - 1) < 1e-6, "\(coefficient.feature): \(coefficient.value)")
            #expect(coefficient.standardError != nil)
        }
        #expect(model.coefficients.map(\.unit) == ["J/FLOP", "J/value", "J/batch"])
        #expect(model.worstAbsoluteError < 1e-9)
        #expect(model.degreesOfFreedom == 27)
        #expect(model.covariance.count == 3 && model.covariance.allSatisfy { $0.count == 3 })
    }

    @Test func noisyMeasurementsGiveStandardErrorsThatCoverTheTruth() throws {
        let truth = [2e-10, 3e-8, 4e-5]
        let rows = Self.rows(60)
        var random = SystemRandomNumberGenerator()
        let measured = rows.map { row in
            zip(row, truth).reduce(0) { $0 + $1.0 * $1.1 } * (1 + Double.random(in: -0.02...0.02, using: &random))
        }
        let model = try CalibrationFit.fit(features: Self.features, rows: rows, measured: measured, quantity: "s")
        #expect(model.relativeResidualSD > 0.001 && model.relativeResidualSD < 0.03)
        #expect(model.medianAbsoluteError <= model.worstAbsoluteError && model.worstAbsoluteError <= 0.03)
        let flops = model.coefficients[0]
        let error = try #require(flops.standardError)
        #expect(abs(flops.value - truth[0]) < 6 * error + 1e-12)
        #expect(flops.unit == "s/FLOP")
    }

    @Test func aCoefficientThatWouldBeNegativeIsHeldAtZeroWithoutAnError() throws {
        // The truth has no per-value cost; data that pulls that coefficient below zero is fitted
        // with it held at zero, and the others still found.
        let rows = Self.rows(24)
        let measured = rows.map { 2e-10 * $0[0] + 4e-5 * $0[2] - 1e-9 * $0[1] }
        let model = try CalibrationFit.fit(features: Self.features, rows: rows, measured: measured, quantity: "J")
        #expect(model.coefficients[1].value == 0)
        #expect(model.coefficients[1].standardError == nil)
        #expect(model.covariance[1].allSatisfy { $0 == 0 })
        #expect(model.coefficients[0].value > 0 && model.coefficients[2].value > 0)
        #expect(model.coefficients.allSatisfy { $0.value >= 0 })
        #expect(model.degreesOfFreedom == 22)
    }

    @Test func aFeatureNoMeasurementHasStaysAtZero() throws {
        let rows = Self.rows(12).map { [$0[0], 0, $0[2]] }
        let measured = rows.map { 2e-10 * $0[0] + 4e-5 * $0[2] }
        let model = try CalibrationFit.fit(features: Self.features, rows: rows, measured: measured, quantity: "J")
        #expect(model.coefficients[1].value == 0 && model.coefficients[1].standardError == nil)
        #expect(abs(model.coefficients[0].value / 2e-10 - 1) < 1e-6)
    }

    @Test func tooFewMeasurementsAreUnderdetermined() {
        let rows = Self.rows(3)
        #expect {
            try CalibrationFit.fit(features: Self.features, rows: rows, measured: [1, 2, 3], quantity: "J")
        } throws: { ($0 as? CalibrationError)?.reason == .underdetermined }
    }

    @Test func featuresThatAlwaysMoveTogetherAreUnderdetermined() {
        // Every row has as many values moved as a tenth of its FLOPs: the two cannot be told apart.
        let rows = Self.rows(20).map { [$0[0], $0[0] / 10, $0[2]] }
        let measured = rows.map { 2e-10 * $0[0] + 4e-5 * $0[2] }
        #expect {
            try CalibrationFit.fit(features: Self.features, rows: rows, measured: measured, quantity: "J")
        } throws: { error in
            guard let error = error as? CalibrationError else { return false }
            return error.reason == .underdetermined && error.message.contains("dense_elements")
        }
    }

    @Test func aMeasurementOfZeroIsRefused() {
        let rows = Self.rows(10)
        var measured = [Double](repeating: 1, count: 10)
        measured[3] = 0
        #expect {
            try CalibrationFit.fit(features: Self.features, rows: rows, measured: measured, quantity: "J")
        } throws: { ($0 as? CalibrationError)?.reason == .invalidInput }
    }

    @Test func aFittedCalibrationPredictsItsPointsAndSurvivesItsFile() throws {
        let fingerprint = CalibrationFingerprint(
            cpuModel: "Test CPU", logicalCPUs: 2, gpus: [], engine: "lab", device: "cpu", blas: "builtin", threads: 1)
        let all = CalibrationFeature.allCases
        var points: [CalibrationPoint] = []
        for (index, row) in Self.rows(30).enumerated() {
            for pass in CalibratedPass.allCases {
                var features = [Double](repeating: 0, count: all.count)
                features[all.firstIndex(of: .denseFLOPs) ?? 0] = row[0]
                features[all.firstIndex(of: .denseElements) ?? 0] = row[1]
                features[all.firstIndex(of: .perBatch) ?? 0] = row[2]
                let factor = pass == .training ? 3.0 : 1.0
                let joules = factor * (2e-10 * row[0] + 3e-8 * row[1] + 4e-5 * row[2])
                points.append(
                    CalibrationPoint(
                        name: "point \(index)", pass: pass, batch: Int(1 / row[2]), samples: 1_000, features: features,
                        joules: joules, seconds: joules / 20, predictedJoules: 0, predictedSeconds: 0))
            }
        }
        let calibration = try EnergyCalibration.fitted(
            points: points, created: "2026-11-30T13:00:00Z", fingerprint: fingerprint, scope: .process,
            layerKinds: [.dense, .loss], meanPowerWatts: 20, seconds: 60)
        #expect(calibration.points.allSatisfy { abs($0.predictedJoules / $0.joules - 1) < 1e-6 })
        #expect(calibration.training.energy.coefficients[0].value > calibration.inference.energy.coefficients[0].value)
        let reread = try EnergyCalibration.parse(try calibration.jsonData(), path: "fitted.json")
        #expect(reread == calibration)
    }
}
