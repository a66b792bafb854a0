import FootprintCore
import Testing

@testable import FootprintLab

@Suite struct CalibrationDesignTests {
    @Test(arguments: CalibrationDesign.Scale.allCases)
    func everyNetworkBuildsInTheLabAndEveryPassIsMeasured(scale: CalibrationDesign.Scale) throws {
        let workloads = CalibrationDesign.workloads(scale, minimumSeconds: 1)
        #expect(workloads.count % 2 == 0)
        for pass in CalibratedPass.allCases {
            #expect(workloads.filter { $0.pass == pass }.count == workloads.count / 2)
        }
        for workload in workloads {
            try Network.validate(workload.spec)
            let features = try CalibrationFeatures.of(try workload.spec.analyze(), batch: workload.batch)
            #expect(features.layerKinds.isSubset(of: Set(CalibrationDesign.layerKinds)))
            #expect(workload.workload.batch == workload.batch && workload.workload.minimumSeconds == 1)
            #expect(workload.workload.data.trainSamples % workload.batch == 0, "\(workload.label)")
            #expect(workload.workload.data.inputs == workload.spec.input.reduce(1, *))
            #expect(workload.workload.data.classes == (try workload.spec.analyze()).outputShape.reduce(1, *))
        }
        #expect(Set(workloads.map(\.label)).count == workloads.count)
        // The count the command's help and docs/calibration.md give.
        #expect(workloads.count == (scale == .full ? 72 : 42))
        #expect(Set(workloads.map(\.spec.name)).count == (scale == .full ? 23 : 11))
    }

    /// Every feature's coefficient is identifiable from the design: energies made by a known model
    /// (every coefficient positive) over the design's own features give that model back.
    @Test(arguments: CalibrationDesign.Scale.allCases)
    func theDesignDeterminesEveryCoefficient(scale: CalibrationDesign.Scale) throws {
        let all = CalibrationFeature.allCases
        let truth: [CalibrationFeature: Double] = [
            .denseFLOPs: 1e-10, .denseElements: 2e-9, .convFLOPs: 2e-10, .convElements: 3e-9,
            .poolingElements: 4e-9, .activationElements: 1e-9, .tanhElements: 3e-8, .sigmoidElements: 6e-9,
            .lossElements: 2e-8, .denseInputGradientFLOPs: 1e-10, .convInputGradientFLOPs: 2e-10,
            .parametersPerBatch: 5e-9,
            .layersPerBatch: 2e-5, .perBatch: 5e-5
        ]
        for pass in CalibratedPass.allCases {
            let workloads = CalibrationDesign.workloads(scale, minimumSeconds: 1).filter { $0.pass == pass }
            let rows = try workloads.map {
                try CalibrationFeatures.of(try $0.spec.analyze(), batch: $0.batch).vector(all, for: pass)
            }
            let measured = rows.map { row in zip(all, row).reduce(0.0) { $0 + (truth[$1.0] ?? 0) * $1.1 } }
            let model = try CalibrationFit.fit(features: all, rows: rows, measured: measured, quantity: "J")
            // What no measurement of the pass exercises (an inference's training-only costs, a
            // smoke design's second convolution) is held at zero; the rest comes back.
            let exercised = all.indices.filter { column in rows.contains { $0[column] > 0 } }.map { all[$0] }
            for coefficient in model.coefficients where exercised.contains(coefficient.feature) {
                let expected = truth[coefficient.feature] ?? 0
                #expect(abs(coefficient.value / expected - 1) < 1e-4, "\(scale) \(pass) \(coefficient.feature)")
            }
        }
    }
}
