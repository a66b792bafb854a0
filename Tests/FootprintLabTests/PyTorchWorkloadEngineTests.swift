import FootprintCore
import FootprintMeter
import Foundation
import Testing

@testable import FootprintLab

/// The interpreter with PyTorch the tests use: FOOTPRINT_TORCH_PYTHON, else the one `.ci/run`
/// installs at /opt/footprint-torch; nil (and the tests that need it skipped) when torch does not
/// import there.
enum TorchPython {
    static let path: String? = {
        let path =
            ProcessInfo.processInfo.environment["FOOTPRINT_TORCH_PYTHON"] ?? "/opt/footprint-torch/bin/python"
        return (try? PyTorchPreflight.check(python: path, device: "cpu")) == nil ? nil : path
    }()
    static let missing =
        "needs PyTorch at /opt/footprint-torch/bin/python or FOOTPRINT_TORCH_PYTHON (.ci/run installs it)"
}

extension Trait where Self == ConditionTrait {
    /// Skips a test, saying why, where PyTorch does not import.
    static var needsTorch: Self { .enabled(if: TorchPython.path != nil, Comment(rawValue: TorchPython.missing)) }
}

@Suite(.serialized) struct PyTorchWorkloadEngineTests {
    /// Two well separated classes: any model that learns at all gets them right.
    static let data = DataRecipe(source: .synthetic, trainSamples: 200, testSamples: 100, inputs: 8, classes: 2)
    static let spec = ModelSpec.mlp(inputs: 8, depth: 1, width: 16, classes: 2)

    /// Runs `body` with a new engine and a started session; returns the session's summary.
    @discardableResult
    static func withEngine(_ body: (PyTorchWorkloadEngine, MeasuredSession) throws -> Void) throws -> RunSummary {
        let engine = PyTorchWorkloadEngine(python: try #require(TorchPython.path), threads: 1)
        defer { engine.close() }
        let session = try MeasuredSessionTests.session()
        try session.start()
        try body(engine, session)
        return session.finish()
    }

    @Test(.needsTorch)
    func theScriptTrainsTheLabsDataToTheTargetAndRunsItForwardEveryWayMeasured() throws {
        let summary = try Self.withEngine { engine, session in
            let train = Workload(
                kind: .train, model: .network(Self.spec), data: Self.data, epochs: 30, batch: 20,
                optimizer: .sgd(learningRate: 0.1, momentum: 0.9), keepWeights: "trained", targetAccuracy: 0.8)
            // A warm-up is not marked: no task, no energy.
            let warmUp = try engine.run(train.warmUp, task: nil, session: session) { false }
            #expect(warmUp.energy == nil && warmUp.epochsRun == 1)
            let trained = try engine.run(train, task: "train", session: session) { false }
            #expect(trained.reachedTarget == true)
            #expect((trained.accuracy ?? 0) >= 0.8)
            #expect(trained.samplesProcessed == 200 * trained.epochsRun)
            #expect(trained.trainableParameters == (try Self.spec.analyze()).parameters)
            #expect(trained.energy?.name == "train")
            // The lab's engine learns the same data to the same target.
            let lab = try LabWorkloadEngine().run(train, task: nil, session: session) { false }
            #expect(lab.reachedTarget == true)

            var forward = Workload(
                kind: .inference, model: .network(Self.spec), data: Self.data, epochs: 2, batch: 20,
                initialWeights: "trained")
            let dense = try engine.run(forward, task: "inference float32", session: session) { false }
            #expect(dense.epochsRun == 2 && dense.samplesProcessed == 400)
            #expect(dense.accuracy == trained.accuracy)
            #expect(dense.parameterBytes == trained.trainableParameters.map { $0 * 4 })
            forward.storage = .float16
            let half = try engine.run(forward, task: "inference float16", session: session) { false }
            #expect(half.parameterBytes == trained.trainableParameters.map { $0 * 2 })
            forward.storage = .csr
            forward.sparsity = 0.5
            let sparse = try engine.run(forward, task: "inference csr", session: session) { false }
            #expect(sparse.nonzeroWeights == (8 * 16 + 16 * 2) / 2)
            // CSR computes what the dense pruned weights compute.
            forward.storage = .float32
            let pruned = try engine.run(forward, task: nil, session: session) { false }
            #expect(sparse.accuracy != nil && sparse.accuracy == pruned.accuracy)
        }
        #expect(summary.tasks.map(\.name) == ["train", "inference float32", "inference float16", "inference csr"])
    }

    @Test(.needsTorch)
    func frozenLayersConvolutionsAndSparseModelsRun() throws {
        try Self.withEngine { engine, session in
            let pretrain = Workload(
                kind: .train, model: .network(Self.spec), data: Self.data, epochs: 1, batch: 50, keepWeights: "source")
            _ = try engine.run(pretrain, task: nil, session: session) { false }
            var tune = pretrain
            tune.initialWeights = "source"
            tune.freeze = 1
            let tuned = try engine.run(tune, task: nil, session: session) { false }
            #expect(tuned.trainableParameters == 16 * 2 + 2)
            // A training shorter than the meter resolves runs again from its start, as in the lab.
            var short = pretrain
            short.keepWeights = nil
            short.minimumSeconds = 0.2
            let repeated = try engine.run(short, task: nil, session: session) { false }
            #expect(repeated.runs > 1 && repeated.epochsRun == 1)
            #expect(repeated.samplesProcessed == repeated.runs * Self.data.trainSamples)

            let image = DataRecipe(source: .synthetic, trainSamples: 60, testSamples: 20, inputs: 16, classes: 3)
            let conv = ModelSpec(
                name: "conv", input: [1, 4, 4],
                layers: [
                    .conv2d(filters: 4, kernel: 3, stride: 1, padding: .same, bias: true), .activation(.relu),
                    .maxPool2d(size: 2, stride: 2), .flatten, .dense(units: 3, bias: true), .softmax
                ])
            let convolved = try engine.run(
                Workload(
                    kind: .train, model: .network(conv), data: image, batch: 20, optimizer: .adam(learningRate: 0.01)),
                task: nil, session: session
            ) { false }
            #expect(convolved.trainableParameters == (try conv.analyze()).parameters)

            let logistic = Workload(
                kind: .train, model: .l1Logistic(lambda: 0.01, iterations: 50), data: Self.data, keepWeights: "sparse")
            let fitted = try engine.run(logistic, task: nil, session: session) { false }
            #expect((fitted.accuracy ?? 0) >= 0.8)
            var sparseForward = logistic
            sparseForward.kind = .inference
            sparseForward.initialWeights = "sparse"
            #expect(try engine.run(sparseForward, task: nil, session: session) { false }.accuracy == fitted.accuracy)
            let lasso = try engine.run(
                Workload(kind: .train, model: .lasso(lambda: 0.01, sweeps: 20), data: Self.data), task: nil,
                session: session
            ) { false }
            #expect((lasso.accuracy ?? 0) >= 0.8)
        }
    }

    @Test(.needsTorch)
    func workloadsItCannotRunAreRefusedWithTheirReason() throws {
        try Self.withEngine { engine, session in
            var workload = Workload(kind: .inference, model: .network(Self.spec), data: Self.data)
            workload.initialWeights = "never kept"
            let missing = #expect(throws: WorkloadError.self) {
                try engine.run(workload, task: nil, session: session) { false }
            }
            #expect(missing?.reason == .missingWeights)
            #expect(missing?.message.contains("never kept") == true)

            let embedding = ModelSpec(name: "text", input: [8], layers: [.embedding(vocabulary: 10, dimensions: 4)])
            let invalid = #expect(throws: WorkloadError.self) {
                try engine.run(
                    Workload(kind: .train, model: .network(embedding), data: Self.data), task: nil, session: session
                ) {
                    false
                }
            }
            #expect(invalid?.reason == .invalidModel)

            var keep = Workload(kind: .train, model: .network(Self.spec), data: Self.data, keepWeights: "small")
            _ = try engine.run(keep, task: nil, session: session) { false }
            keep.model = .network(ModelSpec.mlp(inputs: 8, depth: 2, width: 16, classes: 2))
            keep.initialWeights = "small"
            let mismatch = #expect(throws: WorkloadError.self) {
                try engine.run(keep, task: nil, session: session) { false }
            }
            #expect(mismatch?.reason == .weightsMismatch)
            // The failures left the engine working.
            keep.initialWeights = nil
            #expect(try engine.run(keep, task: nil, session: session) { false }.epochsRun == 1)
        }
    }

    @Test(.needsTorch)
    func aStopRequestEndsTheChildAndItsTask() throws {
        let summary = try Self.withEngine { engine, session in
            let long = Workload(
                kind: .inference, model: .network(Self.spec), data: Self.data, epochs: 1, minimumSeconds: 600)
            // The child started and warm first, so that the stop comes while it works.
            _ = try engine.run(long.warmUp, task: nil, session: session) { false }
            // Asked to stop once the child has started the measured task: the stop comes mid-task.
            #expect(throws: ExperimentInterrupted.self) {
                try engine.run(long, task: "cut short", session: session) {
                    engine.marks?.openTasks.contains("cut short") == true
                }
            }
            // A later workload starts a new child.
            #expect(try engine.run(long.warmUp, task: nil, session: session) { false }.epochsRun == 1)
        }
        #expect(summary.tasks.map(\.name) == ["cut short"])
    }
}

@Suite struct PyTorchPreflightTests {
    /// An interpreter whose `import torch` fails as Python's does.
    static func interpreterWithoutTorch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-no-torch-\(UUID().uuidString)"
        ).path
        let script = "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n"
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test func anInterpreterWithoutTorchIsRefusedWithPythonsReason() throws {
        let python = try Self.interpreterWithoutTorch()
        defer { try? FileManager.default.removeItem(atPath: python) }
        let error = #expect(throws: WorkloadError.self) {
            try PyTorchPreflight.check(python: python, device: "cpu")
        }
        #expect(error?.reason == .torchMissing)
        #expect(error?.message.contains("No module named 'torch'") == true)
    }

    @Test func anInterpreterThatIsNotThereAndAnUnknownDeviceAreRefused() {
        let absent = #expect(throws: WorkloadError.self) {
            try PyTorchPreflight.check(python: "/nonexistent/python", device: "cpu")
        }
        #expect(absent?.reason == .interpreterFailed)
        let device = #expect(throws: WorkloadError.self) {
            try PyTorchPreflight.check(python: "python3", device: "tpu")
        }
        #expect(device?.reason == .unknownDevice)
    }

    @Test(.needsTorch)
    func cudaIsRefusedWhereTorchSeesNone() throws {
        let python = try #require(TorchPython.path)
        let version = try PyTorchPreflight.check(python: python, device: "cpu")
        #expect(!version.isEmpty)
        // On a machine with a GPU the check passes, and there is nothing to refuse.
        if version.hasSuffix("+cpu") {
            let error = #expect(throws: WorkloadError.self) {
                try PyTorchPreflight.check(python: python, device: "cuda")
            }
            #expect(error?.reason == .cudaUnavailable)
        }
    }
}

/// The engine's side of the script's protocol, without PyTorch.
@Suite struct PyTorchProtocolTests {
    @Test func aRequestCarriesTheWorkloadsOwnJSONTheTaskAndTheDataFiles() throws {
        let workload = Workload(
            kind: .train, model: .network(PyTorchWorkloadEngineTests.spec), data: PyTorchWorkloadEngineTests.data,
            epochs: 3, keepWeights: "kept")
        let files = DataFiles(base: "/tmp/x/data-1", inputs: 8, classes: 2)
        let request = try JSONEncoder().encode(Request(workload: workload, task: "train (1/3)", data: files))
        let object = try #require(try JSONSerialization.jsonObject(with: request) as? [String: Any])
        #expect(object["task"] as? String == "train (1/3)")
        let sent = try JSONSerialization.data(withJSONObject: try #require(object["workload"]))
        #expect(try JSONDecoder().decode(Workload.self, from: sent) == workload)
        let data = try #require(object["data"] as? [String: Any])
        #expect(data["train_features"] as? String == "/tmp/x/data-1-train-features.f32")
        #expect(data["test_labels"] as? String == "/tmp/x/data-1-test-labels.i32")
        #expect(data["inputs"] as? Int == 8 && data["classes"] as? Int == 2)
        // A warm-up sends no task at all.
        let warmUp = try JSONEncoder().encode(Request(workload: workload.warmUp, task: nil, data: files))
        #expect(try (JSONSerialization.jsonObject(with: warmUp) as? [String: Any])?["task"] == nil)
    }

    @Test func theScriptsAnswersAreRead() throws {
        let figures = try JSONDecoder().decode(
            Answer.self,
            from: Data(
                #"{"seconds": 0.5, "samples_processed": 400, "epochs_run": 2, "accuracy": 0.9, "reached_target": null, "nonzero_weights": 10, "parameter_bytes": 40, "trainable_parameters": 10, "float16_compute": "widened"}"#
                    .utf8))
        #expect(figures.samplesProcessed == 400 && figures.epochsRun == 2 && figures.float16Compute == "widened")
        #expect(figures.reachedTarget == nil && figures.error == nil)
        let failure = try JSONDecoder().decode(
            Answer.self, from: Data(#"{"error": "missing-weights", "message": "no weights under 'x'"}"#.utf8))
        #expect(WorkloadError.Reason(rawValue: failure.error ?? "") == .missingWeights)
    }

    @Test func theScriptIsBuiltIntoTheBinary() {
        #expect(ReferenceScript.pytorchWorkloads.contains("def main():"))
    }
}
