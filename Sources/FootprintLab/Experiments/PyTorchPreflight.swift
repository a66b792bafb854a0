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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", probe]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw WorkloadError(.interpreterFailed, "\(python) could not be started: \(error)")
        }
        // Read both before waiting: a child blocked on a full pipe would never exit.
        let errorReader = ErrorTail()
        let errorsRead = DispatchSemaphore(value: 0)
        let thread = Thread { [errorReader] in
            errorReader.append(errors.fileHandleForReading.readDataToEndOfFile())
            errorsRead.signal()
        }
        thread.start()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        errorsRead.wait()
        let lines = said.split(whereSeparator: \.isNewline).map(String.init)
        guard process.terminationStatus == 0, lines.count >= 2 else {
            let why = errorReader.lastLine.map { ": \($0)" } ?? ""
            if process.terminationStatus == 127 {
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
