import Foundation

/// The checks before a suite runs on the PyTorch engine: that the interpreter runs, that PyTorch
/// imports in it, and that CUDA is there when the device asks for it, so that a missing piece is
/// said at once instead of after minutes of the lab's work.
public enum PyTorchPreflight {
    /// Runs `python` once to import torch; returns PyTorch's version.
    /// - Parameters:
    ///   - python: an interpreter path, or a name looked up on PATH.
    ///   - device: "cpu" or "cuda".
    /// - Throws: ``PyTorchPreflightError`` saying which check failed.
    @discardableResult
    public static func check(python: String, device: String) throws(PyTorchPreflightError) -> String {
        guard device == "cpu" || device == "cuda" else {
            throw PyTorchPreflightError(.unknownDevice, "no device '\(device)': the PyTorch engine runs on cpu or cuda")
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
            throw PyTorchPreflightError(.interpreterFailed, "\(python) could not be started: \(error)")
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
                throw PyTorchPreflightError(.interpreterFailed, "\(python) could not be started\(why)")
            }
            throw PyTorchPreflightError(.torchMissing, "PyTorch does not import with \(python)\(why)")
        }
        if device == "cuda" && lines[1] != "True" {
            throw PyTorchPreflightError(
                .cudaUnavailable,
                "PyTorch \(lines[0]) with \(python) sees no CUDA device (torch.cuda.is_available() is False)")
        }
        return lines[0]
    }
}

/// A PyTorch engine that cannot run here, with the reason to match on.
public struct PyTorchPreflightError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Reason: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The interpreter could not be started.
        public static let interpreterFailed = Reason(rawValue: "interpreter-failed")
        /// `import torch` fails.
        public static let torchMissing = Reason(rawValue: "torch-missing")
        /// CUDA was asked for and PyTorch sees none.
        public static let cudaUnavailable = Reason(rawValue: "cuda-unavailable")
        /// A device other than cpu or cuda.
        public static let unknownDevice = Reason(rawValue: "unknown-device")
    }

    public let reason: Reason
    public let message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
