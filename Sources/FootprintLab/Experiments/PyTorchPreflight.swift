import Foundation

/// The checks before a suite runs on the PyTorch engine: that the interpreter runs, that PyTorch
/// imports in it, and that CUDA is there when the device asks for it, so that a missing piece is
/// said at once instead of after minutes of the lab's work.
public enum PyTorchPreflight {
    /// Runs `python` once to import torch; returns PyTorch's version.
    /// - Parameters:
    ///   - python: an interpreter path, or a name looked up on PATH.
    ///   - device: "cpu" or "cuda".
    /// - Throws: ``WorkloadError`` with the check that failed as its reason (``WorkloadError/Reason/torchMissing``, …).
    @discardableResult
    public static func check(python: String, device: String) throws(WorkloadError) -> String {
        guard device == "cpu" || device == "cuda" else {
            throw WorkloadError(.unknownDevice, "no device '\(device)': the PyTorch engine runs on cpu or cuda")
        }
        let probe = "import torch; print(torch.__version__); print(torch.cuda.is_available())"
        let result: ChildCommand
        do {
            result = try ChildCommand.run([python, "-c", probe])
        } catch {
            throw WorkloadError(.interpreterFailed, "\(python) could not be started: \(error)")
        }
        let lines = result.output.split(whereSeparator: \.isNewline).map(String.init)
        guard result.status == 0, lines.count >= 2 else {
            let why = result.lastErrorLine.map { ": \($0)" } ?? ""
            if result.status == 127 {
                throw WorkloadError(.interpreterFailed, "\(python) could not be started\(why)")
            }
            throw WorkloadError(.torchMissing, "PyTorch does not import with \(python)\(why)")
        }
        if device == "cuda" && lines[1] != "True" {
            throw WorkloadError(
                .cudaUnavailable,
                "PyTorch \(lines[0]) with \(python) sees no CUDA device (torch.cuda.is_available() is False)")
        }
        return lines[0]
    }
}
