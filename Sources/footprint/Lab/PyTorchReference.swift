import FootprintCore
import FootprintLab
import Foundation

/// The PyTorch side of `lab bench`: runs the reference scripts with the same arguments and reads
/// their JSON lines. Absent PyTorch is not an error: there is simply nothing to compare with.
struct PyTorchReference {
    /// One line a reference script printed.
    struct Figures {
        var line: String
        var engine: String
        var model: String?
        var depth: Int?, width: Int?
        var trainSamplesPerS: Double
        var inferSamplesPerS: Double
    }

    var python: String
    var threads: Int

    /// Refuses an interpreter that cannot be run: a path (with a `/`) must be an executable file, a
    /// bare name must be an executable file in a folder of PATH.
    /// - Throws: ``InvalidInput`` saying what is wrong with `python`.
    static func checkInterpreter(_ python: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) throws {
        let advice = "; give --python an interpreter, e.g. --python .venv/bin/python"
        guard !python.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InvalidInput("--python needs an interpreter, e.g. python3 or .venv/bin/python")
        }
        guard !python.contains("/") else {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: python, isDirectory: &isFolder) else {
                throw InvalidInput("--python: no file at \(python)" + advice)
            }
            guard !isFolder.boolValue else {
                throw InvalidInput(
                    "--python \(python) is a folder; give the interpreter inside it, e.g. \(python)/bin/python")
            }
            guard FileManager.default.isExecutableFile(atPath: python) else {
                throw InvalidInput("--python: \(python) is not executable" + advice)
            }
            return
        }
        let folders = (path ?? "").split(separator: ":").map { $0.isEmpty ? "." : String($0) }
        let found = folders.contains { folder in
            var isFolder: ObjCBool = false
            let candidate = folder + "/" + python
            return FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder) && !isFolder.boolValue
                && FileManager.default.isExecutableFile(atPath: candidate)
        }
        guard found else { throw InvalidInput("--python: no \(python) on PATH" + advice) }
    }

    /// Whether `python -c "import torch"` succeeds.
    func importsTorch() -> Bool {
        run([python, "-c", "import torch"]) != nil
    }

    /// The figures a reference script prints, or none if the script is missing or fails.
    func figures(script: String, arguments: [String]) -> [Figures] {
        guard FileManager.default.fileExists(atPath: script),
            let output = run([python, script] + arguments + ["--threads", "\(threads)"])
        else { return [] }
        return output.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let train = object["train_samples_per_s"] as? Double,
                let infer = object["infer_samples_per_s"] as? Double
            else { return nil }
            return Figures(
                line: String(line), engine: object["engine"] as? String ?? "pytorch", model: object["model"] as? String,
                depth: object["depth"] as? Int, width: object["width"] as? Int,
                trainSamplesPerS: train, inferSamplesPerS: infer)
        }
    }

    /// One set of figures per model, in first-seen order, with the median of each rate over the
    /// lines that repeat it.
    static func medians(_ lines: [Figures]) -> [Figures] {
        var order: [String] = [], groups: [String: [Figures]] = [:]
        for line in lines {
            let key = line.model ?? "\(line.depth ?? -1)x\(line.width ?? -1)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(line)
        }
        return order.compactMap { key in
            guard var figures = groups[key]?.first, let group = groups[key] else { return nil }
            figures.trainSamplesPerS = Benchmark.median(group.map(\.trainSamplesPerS))
            figures.inferSamplesPerS = Benchmark.median(group.map(\.inferSamplesPerS))
            return figures
        }
    }

    /// Standard output of a successful run, nil otherwise.
    /// Standard error is not shown: PyTorch's warnings would interleave with the table.
    private func run(_ command: [String]) -> String? {
        guard let result = try? ChildCommand.run(command), result.status == 0 else { return nil }
        return result.output
    }
}
