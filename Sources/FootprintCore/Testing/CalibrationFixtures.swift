/// A made-up calibration with round coefficients, for the tests of whatever reads, checks or
/// predicts with one (estimate, validation, the file format): every figure is easy to check by
/// hand. In the package rather than a test target so that every test target builds it the same way.
package enum CalibrationFixtures {
    /// The fingerprint of the made-up machine.
    package static func fingerprint(
        cpuModel: String = "Test CPU @ 2.00GHz", logicalCPUs: Int = 4, engine: String = "lab", device: String = "cpu",
        blas: String? = "swift-simd", threads: Int = 1
    ) -> CalibrationFingerprint {
        CalibrationFingerprint(
            cpuModel: cpuModel, logicalCPUs: logicalCPUs, gpus: [], engine: engine, device: device, blas: blas,
            threads: threads, host: "test-host")
    }

    /// Inference costs 1 nJ per dense FLOP and 1 µJ per batch; training 3 nJ per dense FLOP and
    /// 2 µJ per batch plus 1 nJ per parameter per batch; every other coefficient 0. Time is energy
    /// ÷ 10 W. The relative residual SD is `spread` and the coefficients are exact (no covariance).
    package static func calibration(
        fingerprint: CalibrationFingerprint = CalibrationFixtures.fingerprint(), spread: Double = 0.05,
        layerKinds: [CalibrationLayerKind] = CalibrationLayerKind.allCases
    ) -> EnergyCalibration {
        let features = CalibrationFeature.allCases
        func model(_ values: [CalibrationFeature: Double], unit: String) -> FittedModel {
            FittedModel(
                coefficients: features.map {
                    Coefficient(
                        feature: $0, value: values[$0] ?? 0, standardError: values[$0] == nil ? nil : 0,
                        unit: "\(unit)/\($0.unit)")
                },
                covariance: [], relativeResidualSD: spread, medianAbsoluteError: spread / 2,
                worstAbsoluteError: spread * 2, degreesOfFreedom: 20)
        }
        func pass(_ values: [CalibrationFeature: Double]) -> PassModel {
            PassModel(energy: model(values, unit: "J"), time: model(values.mapValues { $0 / 10 }, unit: "s"))
        }
        return EnergyCalibration(
            created: "2026-11-30T12:00:00Z", fingerprint: fingerprint,
            form: "energy per sample = Σ coefficient × feature (made up for tests)", scope: .process,
            layerKinds: layerKinds, features: features,
            inference: pass([.denseFLOPs: 1e-9, .perBatch: 1e-6]),
            training: pass([.denseFLOPs: 3e-9, .perBatch: 2e-6, .parametersPerBatch: 1e-9]),
            points: [], meanPowerWatts: 10, seconds: 60)
    }
}
