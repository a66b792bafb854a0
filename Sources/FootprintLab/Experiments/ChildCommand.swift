import Foundation

/// A command run once to its end: what it printed, the last line of its complaints, and how it
/// ended. Both outputs are read while it runs, so that a child filling one pipe never blocks.
public struct ChildCommand: Sendable {
    /// Its exit status (127: `env` found no such program).
    public var status: Int32
    /// Everything it wrote to standard output.
    public var output: String
    /// The last line it wrote to standard error that is not blank.
    public var lastErrorLine: String?

    /// Runs `command` (its first word looked up on PATH, or a path) and waits for it.
    /// - Throws: Foundation's error when it cannot be started at all.
    public static func run(_ command: [String]) throws -> ChildCommand {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
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
        return ChildCommand(status: process.terminationStatus, output: said, lastErrorLine: errorReader.lastLine)
    }
}
