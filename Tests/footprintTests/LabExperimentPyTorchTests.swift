import Foundation
import Testing

/// The interpreter with PyTorch for the end-to-end tests: FOOTPRINT_TORCH_PYTHON, else the one
/// `.ci/run` installs; nil when torch does not import there.
let torchPython: String? = {
    let path = ProcessInfo.processInfo.environment["FOOTPRINT_TORCH_PYTHON"] ?? "/opt/footprint-torch/bin/python"
    guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = ["-c", "import torch"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    process.waitUntilExit()
    return process.terminationStatus == 0 ? path : nil
}()
let torchMissing = Comment(
    rawValue: "needs PyTorch at /opt/footprint-torch/bin/python or FOOTPRINT_TORCH_PYTHON (.ci/run installs it)")

@Suite struct LabExperimentPyTorchTests {
    static func expectOneLineRefusal(_ arguments: [String], saying message: String) throws {
        let result = try CLIRunner.run(
            ["lab", "experiment", "epochs", "--engine", "pytorch", "--no-ledger"] + arguments)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func anInterpreterThatIsNotThereIsRefusedBeforeAnythingRuns() throws {
        try Self.expectOneLineRefusal(["--python", "/nonexistent/python"], saying: "--python: no file at")
    }

    @Test func anInterpreterWithoutTorchIsRefusedWithWhatToDo() throws {
        let python = FileManager.default.temporaryDirectory.appendingPathComponent("no-torch-\(UUID().uuidString)")
        try Data("#!/bin/sh\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n".utf8).write(
            to: python)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
        defer { try? FileManager.default.removeItem(at: python) }
        try Self.expectOneLineRefusal(
            ["--python", python.path], saying: "No module named 'torch'; give --python an interpreter with PyTorch")
    }

    @Test(.enabled(if: torchPython != nil, torchMissing))
    func cudaWithoutAGPUIsRefused() throws {
        let python = try #require(torchPython)
        let result = try CLIRunner.run([
            "lab", "experiment", "epochs", "--engine", "pytorch", "--python", python, "--device", "cuda", "--no-ledger"
        ])
        // Where PyTorch sees a GPU there is nothing to refuse; this checks the machine without one.
        guard result.status == 2 else { return }
        #expect(result.stderr.contains("sees no CUDA device"), "\(result.stderr)")
        #expect(result.stderr.contains("; run with --device cpu"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test(.enabled(if: torchPython != nil, torchMissing))
    func aSmokeExperimentRunsInPyTorchMeasuredAsTasksOfTheRun() throws {
        let python = try #require(torchPython)
        let ledger = FileManager.default.temporaryDirectory.appendingPathComponent("torch-\(UUID().uuidString).sqlite")
        defer { try? FileManager.default.removeItem(at: ledger) }
        let result = try CLIRunner.run([
            "lab", "experiment", "training-set-size", "--scale", "smoke", "--repeats", "1", "--engine", "pytorch",
            "--python", python, "--json", "--ledger", ledger.path
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let suite = try result.json()
        #expect(suite["engine"] as? String == "pytorch")
        let experiment = try #require((suite["experiments"] as? [[String: Any]])?.first)
        let configurations = try #require(experiment["configurations"] as? [[String: Any]])
        #expect(configurations.count == 6)
        #expect(configurations.allSatisfy { ($0["energy_j"] as? Double).map { $0 >= 0 } == true })
        #expect(configurations.allSatisfy { $0["accuracy"] as? Double != nil })
        let runID = try #require(suite["run_id"] as? String)
        let shown = try CLIRunner.run(["runs", "show", runID, "--json", "--ledger", ledger.path])
        let tasks = try #require(try shown.json()["tasks"] as? [[String: Any]])
        #expect(tasks.count == 6)
    }
}
