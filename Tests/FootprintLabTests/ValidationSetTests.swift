import FootprintCore
import Testing

@testable import FootprintLab
@testable import FootprintMeter

@Suite struct ValidationSetTests {
    @Test func everyStandardConfigurationTrainsAtLeastTwentyThousandSampleEpochs() {
        let configurations = ValidationSet.configurations(.standard)
        #expect(configurations.count >= 6)
        for configuration in configurations {
            #expect(configuration.sampleEpochs >= ValidationSet.leastSampleEpochs, "\(configuration.name)")
            #expect(
                configuration.training.workload.data.trainSamples * configuration.training.workload.epochs
                    == configuration.sampleEpochs)
            #expect(configuration.training.pass == .training && configuration.inference.pass == .inference)
            #expect(
                configuration.training.workload.kind == .train && configuration.inference.workload.kind == .inference)
        }
    }

    @Test func theSetHasMLPsAndConvNetsTheLabTrains() throws {
        let configurations = ValidationSet.configurations(.standard)
        var kinds = Set<CalibrationLayerKind>()
        for configuration in configurations {
            let analysis = try Network.validate(configuration.spec)
            kinds.formUnion(try CalibrationFeatures.of(analysis, batch: configuration.batch).layerKinds)
            #expect(configuration.training.workload.data.inputs == configuration.spec.input.reduce(1, *))
        }
        #expect(kinds == Set(CalibrationLayerKind.allCases))
        #expect(
            configurations.contains { $0.spec.input.count == 3 } && configurations.contains { $0.spec.input.count == 1 }
        )
        // Several batch sizes, within what the issue asks for.
        let batches = Set(configurations.map(\.batch))
        #expect(batches.count >= 5 && batches.allSatisfy { (16...128).contains($0) })
        // A calibration's batches are powers of two; the held-out ones are not.
        #expect(batches.allSatisfy { $0 & ($0 - 1) != 0 })
    }

    @Test func theTinySizeKeepsTheNetworksAndCutsTheData() {
        let standard = ValidationSet.configurations(.standard)
        let tiny = ValidationSet.configurations(.tiny)
        #expect(tiny.map(\.name) == standard.map(\.name))
        #expect(zip(tiny, standard).allSatisfy { $0.spec == $1.spec && $0.batch == $1.batch })
        #expect(tiny.allSatisfy { $0.sampleEpochs < 1_000 })
    }

    @Test func aConfigurationACalibrationPointAlreadyHasIsNotHeldOut() throws {
        let configurations = ValidationSet.configurations(.standard)
        var held = CalibrationFixtures.calibration()
        // Points of other networks: everything is held out.
        let other = ModelSpec(
            name: "mlp-2x256", input: [64],
            layers: [.dense(units: 256, bias: true), .activation(.relu), .dense(units: 10, bias: true), .softmax])
        let otherPoint = try Self.point(other, batch: 32, pass: .training)
        held.points = [otherPoint]
        #expect(ValidationSet.overlaps(configurations, with: held).isEmpty)
        // A point with the features of one of the set's configurations: that one is named.
        let first = try #require(configurations.first)
        let copied = try Self.point(first.spec, batch: first.batch, pass: .inference)
        var overlapping = held
        overlapping.points.append(copied)
        #expect(ValidationSet.overlaps(configurations, with: overlapping) == [first.name])
    }

    @Test func noConfigurationHasTheFeaturesOfACalibrationMicroBenchmark() throws {
        var calibration = CalibrationFixtures.calibration()
        calibration.points = try CalibrationDesign.workloads(.full, minimumSeconds: 1).map {
            try Self.point($0.spec, batch: $0.batch, pass: $0.pass)
        }
        #expect(calibration.points.count > 40)
        #expect(ValidationSet.overlaps(ValidationSet.configurations(.standard), with: calibration).isEmpty)
    }

    static func point(_ spec: ModelSpec, batch: Int, pass: CalibratedPass) throws -> CalibrationPoint {
        let features = try CalibrationFeatures.of(spec.analyze(), batch: batch).vector(
            CalibrationFeature.allCases, for: pass)
        return CalibrationPoint(
            name: spec.name, pass: pass, batch: batch, samples: 1_000, features: features, joules: 1e-4, seconds: 1e-5,
            predictedJoules: 1e-4, predictedSeconds: 1e-5)
    }

    @Test func theComparisonScalesTheCalibrationToTheWholeRunAndMeasuresBothMethodsErrors() throws {
        let configuration = try #require(ValidationSet.configurations(.standard).first)
        let calibration = CalibrationFixtures.calibration()
        let baseline = UncalibratedEstimate(peakFLOPS: 1e11, peakSource: "test", tdpWatts: 20, tdpSource: "test")
        let validator = CalibrationValidator(calibration: calibration, uncalibrated: baseline)
        let predicted = try validator.predictions(configuration)
        // Measured: 10 % above the training prediction, 20 % below the inference prediction.
        let training = MeasuredCost(
            workload: configuration.training, samples: configuration.sampleEpochs,
            joulesPerSample: predicted.training.energy.joules * 1.1, secondsPerSample: 1e-5, repeatJoules: [])
        let inference = MeasuredCost(
            workload: configuration.inference, samples: configuration.samples,
            joulesPerSample: predicted.inference.energy.joules * 0.8, secondsPerSample: 1e-6, repeatJoules: [])
        let result = try validator.compare(configuration, training: training, inference: inference)
        let runs = Double(configuration.sampleEpochs)
        #expect(abs(result.training.measuredJoules - predicted.training.energy.joules * 1.1 * runs) < 1e-9)
        #expect(abs((result.training.error ?? 0) - (1 / 1.1 - 1)) < 1e-9)
        #expect(abs((result.inference.error ?? 0) - (1 / 0.8 - 1)) < 1e-9)
        let flops = try configuration.spec.analyze().forwardFLOPs
        let inferenceJoules = flops / (1e11 * 0.33) * 20
        #expect(abs(result.inference.uncalibratedJoules - inferenceJoules) < 1e-12)
        #expect(abs(result.training.uncalibratedJoules - 5 * inferenceJoules * runs) < 1e-9)
        #expect(result.training.lowJoules < result.training.predictedJoules)
        #expect(result.training.predictedJoules < result.training.highJoules)
        let errors = PassErrors([result.training, result.inference])
        #expect(abs((errors.calibrated.worstAbsoluteError ?? 0) - 0.25) < 1e-9)
        #expect(errors.calibrated.count == 2)
    }

    @Test func theSummaryTakesTheMedianAndTheWorstOfTheAbsoluteErrors() {
        let summary = ErrorSummary([0.1, -0.3, 0.05, nil])
        #expect(summary.count == 3)
        #expect(summary.medianAbsoluteError == 0.1)
        #expect(summary.worstAbsoluteError == 0.3)
        #expect(ErrorSummary([]).medianAbsoluteError == nil)
    }

    @Test func thePeakComesFromTheLogicalCPUsTheClockAndTheVectorUnit() {
        let info = CPUInfo.parse(
            """
            processor\t: 0
            model name\t: Intel(R) Xeon(R) Processor
            cpu MHz\t\t: 2300.000
            flags\t\t: fpu sse2 avx avx2 fma avx512f hypervisor
            processor\t: 1
            model name\t: Intel(R) Xeon(R) Processor
            cpu MHz\t\t: 2300.000
            flags\t\t: fpu sse2 avx avx2 fma avx512f hypervisor
            """)
        #expect(info.megahertz == 2300 && info.flags.contains("avx512f") && info.isVirtualMachine)
        let peak = UncalibratedEstimate.peak(of: info)
        #expect(peak.flops == 2 * 2.3e9 * 64)
        #expect(peak.source.contains("2 logical CPUs") && peak.source.contains("AVX-512"))
        // A model name's base clock wins over the kernel's current one; AVX2 has half AVX-512's lanes.
        let named = CPUInfo(
            modelName: "Intel(R) Xeon(R) Platinum 8175M CPU @ 2.50GHz", sockets: 1, logicalCPUs: 4,
            megahertz: 3100, flags: ["avx2", "fma"])
        #expect(UncalibratedEstimate.peak(of: named).flops == 4 * 2.5e9 * 32)
        let bare = CPUInfo(modelName: nil, sockets: 1, logicalCPUs: 1)
        #expect(UncalibratedEstimate.peak(of: bare).source.contains("assumed"))
    }

    @Test func theBaselineUsesTheMetersTDP() {
        let machine = MachineDescription.detect(tdpOverride: 42, tdpOrigin: "--cpu-tdp")
        let baseline = UncalibratedEstimate.detect(machine: machine)
        #expect(baseline.tdpSource.contains("--cpu-tdp"))
        #expect(baseline.utilization == 0.33 && baseline.beta == 5)
        #expect(baseline.peakFLOPS > 0)
    }
}
