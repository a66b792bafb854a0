import FootprintCore
import Foundation

/// Runs workloads in PyTorch: the script that ships inside footprint (`torch_workloads.py`) as
/// one child process per suite, given each workload as the lab's own JSON and the lab's own data
/// (written to files), so that the engines differ in how they compute, never in what.
///
/// The child is footprint's own, so the meter's process scope counts it (and NVML the GPU it
/// uses); the script marks exactly its measured work on the session's task pipe, and the engine
/// reads each task's energy from the meter once the stop has arrived. Call ``close()`` when the
/// suite is done (deinit does too): it ends the child and removes the files.
public final class PyTorchWorkloadEngine: WorkloadEngine {
    public let kind = ExperimentEngine.pytorch
    public let device: String
    let python: String
    let threads: Int?
    /// A private temporary folder for the script and the data files.
    private var folder: URL?
    private var child: (process: ScriptProcess, marks: ChildTaskMarks, session: MeasuredSession)?
    private var dataFiles: [DataRecipe: DataFiles] = [:]
    /// Data sets written so far: each gets new file names, as the script caches what it read by name.
    private var dataWritten = 0

    /// - Parameters:
    ///   - python: the interpreter (a path, or a name on PATH); see ``PyTorchPreflight/check(python:device:)``.
    ///   - device: "cpu" or "cuda".
    ///   - threads: PyTorch's intra-op threads; its own default when nil.
    public init(python: String, device: String = "cpu", threads: Int? = nil) {
        self.python = python
        self.device = device
        self.threads = threads
    }

    deinit { close() }

    public func forgetWeights() {
        if let child {
            try? child.process.send(Data(#"{"forget": true}"#.utf8))
            _ = try? child.process.answer(shouldStop: { false })
        }
        removeDataFiles()
    }

    /// The running child's task marks, if it runs.
    var marks: ChildTaskMarks? { child?.marks }

    /// Ends the child process and its task pipe and removes the temporary files.
    public func close() {
        stopChild()
        if let folder { try? FileManager.default.removeItem(at: folder) }
        folder = nil
        dataFiles = [:]
    }

    public func run(
        _ workload: Workload, task: String?, session: MeasuredSession, shouldStop: () -> Bool
    ) throws -> WorkloadOutcome {
        // Refused here as the lab refuses it, in the lab's words, before any process is involved.
        if case .network(let spec) = workload.model {
            do {
                try Network.validate(spec)
            } catch {
                throw WorkloadError(.invalidModel, error.message)
            }
        }
        let files = try data(workload.data)
        let (process, marks) = try started(for: session, shouldStop: shouldStop)
        let request: Data
        do {
            request = try JSONEncoder().encode(Request(workload: workload, task: task, data: files))
        } catch {
            throw WorkloadError(.engineFailed, "the workload could not be written as JSON: \(error)")
        }
        let answer: Answer
        do {
            try process.send(request)
            answer = try Self.decode(try process.answer(shouldStop: shouldStop))
        } catch {
            // Interrupted or failed, the child is no longer trusted: its open task is ended.
            if error is ExperimentInterrupted || (error as? WorkloadError)?.reason == .engineFailed { stopChild() }
            throw error
        }
        if let failure = answer.error {
            throw WorkloadError(WorkloadError.Reason(rawValue: failure), answer.message ?? failure)
        }
        var energy: PhaseEnergy?
        if let task {
            guard let phase = marks.phase(task) else {
                throw WorkloadError(.engineFailed, "the PyTorch engine's marks of '\(task)' did not reach the meter")
            }
            energy = phase
        }
        return WorkloadOutcome(
            energy: energy, seconds: energy?.duration ?? answer.seconds ?? 0,
            samplesProcessed: answer.samplesProcessed ?? 0, epochsRun: answer.epochsRun ?? 0,
            accuracy: answer.accuracy, reachedTarget: answer.reachedTarget, nonzeroWeights: answer.nonzeroWeights,
            parameterBytes: answer.parameterBytes, trainableParameters: answer.trainableParameters,
            runs: answer.runs ?? 1)
    }

    /// The child for `session`, started on first use (with the task pipe of that session).
    private func started(
        for session: MeasuredSession, shouldStop: () -> Bool
    ) throws -> (ScriptProcess, ChildTaskMarks) {
        if let child, child.session === session { return (child.process, child.marks) }
        stopChild()
        let folder = try privateFolder()
        let script = folder.appendingPathComponent("torch_workloads.py")
        do {
            try Data(ReferenceScript.pytorchWorkloads.utf8).write(to: script)
        } catch {
            throw WorkloadError(.engineFailed, "the PyTorch engine's script could not be written: \(error)")
        }
        let marks: ChildTaskMarks
        do {
            marks = try session.openTaskChannel()
        } catch {
            throw WorkloadError(.engineFailed, error.description)
        }
        let command = [python, script.path, "--device", device] + (threads.map { ["--threads", "\($0)"] } ?? [])
        let process: ScriptProcess
        do {
            process = try ScriptProcess(command, environment: ["FOOTPRINT_TASKS": marks.path])
            let ready = try Self.decode(try process.answer(shouldStop: shouldStop))
            if let failure = ready.error { throw WorkloadError(.engineFailed, ready.message ?? failure) }
        } catch {
            marks.close()
            throw error
        }
        child = (process, marks, session)
        return (process, marks)
    }

    private func stopChild() {
        guard let child else { return }
        self.child = nil
        child.process.terminate()
        child.marks.close()
    }

    private func privateFolder() throws(WorkloadError) -> URL {
        if let folder { return folder }
        let made = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-torch-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(
                at: made, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw WorkloadError(.engineFailed, "no temporary folder for the PyTorch engine: \(error)")
        }
        folder = made
        return made
    }

    /// The recipe's data, made by the lab and written once per suite for the script to read.
    private func data(_ recipe: DataRecipe) throws(WorkloadError) -> DataFiles {
        if let files = dataFiles[recipe] { return files }
        let made: (train: Dataset, test: Dataset)
        do {
            made = try recipe.materialize()
        } catch {
            throw WorkloadError(.invalidData, error.description)
        }
        dataWritten += 1
        let base = try privateFolder().appendingPathComponent("data-\(dataWritten)")
        let files = DataFiles(base: base.path, inputs: made.train.inputs, classes: made.train.classes)
        do {
            try DataFiles.write(made.train, features: files.trainFeatures, labels: files.trainLabels)
            try DataFiles.write(made.test, features: files.testFeatures, labels: files.testLabels)
        } catch {
            throw WorkloadError(.invalidData, "the data could not be written for the PyTorch engine: \(error)")
        }
        dataFiles[recipe] = files
        return files
    }

    private func removeDataFiles() {
        for files in dataFiles.values {
            for path in [files.trainFeatures, files.trainLabels, files.testFeatures, files.testLabels] {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        dataFiles = [:]
    }

    private static func decode(_ line: Data) throws(WorkloadError) -> Answer {
        do {
            return try JSONDecoder().decode(Answer.self, from: line)
        } catch {
            let text = String(decoding: line.prefix(200), as: UTF8.self)
            throw WorkloadError(.engineFailed, "the PyTorch engine answered what could not be read: \(text)")
        }
    }
}

/// One request to the script: the workload, the measured task's name (none for a warm-up) and
/// where its data is.
struct Request: Encodable {
    var workload: Workload
    var task: String?
    var data: DataFiles
}

/// A data set as files: features float32 and labels int32, both in this machine's byte order
/// (little-endian on every platform footprint builds for), row after row.
struct DataFiles: Encodable {
    var trainFeatures: String, trainLabels: String, testFeatures: String, testLabels: String
    var inputs: Int, classes: Int

    init(base: String, inputs: Int, classes: Int) {
        trainFeatures = base + "-train-features.f32"
        trainLabels = base + "-train-labels.i32"
        testFeatures = base + "-test-features.f32"
        testLabels = base + "-test-labels.i32"
        self.inputs = inputs
        self.classes = classes
    }

    enum CodingKeys: String, CodingKey {
        case inputs, classes
        case trainFeatures = "train_features", trainLabels = "train_labels"
        case testFeatures = "test_features", testLabels = "test_labels"
    }

    static func write(_ data: Dataset, features: String, labels: String) throws {
        let values = Array(data.features.storage.prefix(data.count * data.inputs))
        try values.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: features))
        try data.labels.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: labels))
    }
}

/// One answer of the script: the figures of a workload, or an error with its reason.
struct Answer: Decodable {
    var seconds: Double?
    var samplesProcessed: Int?
    var epochsRun: Int?
    /// Trainings from the same start, run until together they lasted the workload's minimum seconds.
    var runs: Int?
    var accuracy: Double?
    var reachedTarget: Bool?
    var nonzeroWeights: Int?
    var parameterBytes: Int?
    var trainableParameters: Int?
    /// For float16 storage: "native" (CUDA) or "widened" (stored in half precision, computed in float32).
    var float16Compute: String?
    var error: String?
    var message: String?

    enum CodingKeys: String, CodingKey {
        case seconds, accuracy, error, message, runs
        case samplesProcessed = "samples_processed", epochsRun = "epochs_run", reachedTarget = "reached_target"
        case nonzeroWeights = "nonzero_weights", parameterBytes = "parameter_bytes"
        case trainableParameters = "trainable_parameters", float16Compute = "float16_compute"
    }
}
