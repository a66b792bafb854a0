import FootprintCore
import Foundation
import Synchronization

/// A long-lived child process spoken to in JSON lines: requests on its standard input, one answer
/// a line on its standard output; its standard error kept (the end of it) to explain a failure.
///
/// Both outputs are read on threads of their own, so that a child writing much to standard error
/// never blocks on a full pipe while footprint waits for its answer.
final class ScriptProcess {
    private let process = Process()
    private let input = Pipe()
    private let answers = LineQueue()
    private let errors = ErrorTail()

    /// Starts `command` with `environment` added to this process's own.
    /// - Throws: ``WorkloadError/Reason/engineFailed`` when it cannot be started.
    init(_ command: [String], environment: [String: String]) throws(WorkloadError) {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        do {
            try process.run()
        } catch {
            throw WorkloadError(.engineFailed, "\(command.joined(separator: " ")) could not be started: \(error)")
        }
        Self.read(output.fileHandleForReading) { [answers] in
            answers.append($0)
        } end: { [answers] in
            answers.end()
        }
        Self.read(error.fileHandleForReading) { [errors] in
            errors.append($0)
        } end: {
        }
    }

    /// Reads `handle` to its end on a thread of its own.
    private static func read(
        _ handle: FileHandle, _ take: @escaping @Sendable (Data) -> Void, end: @escaping @Sendable () -> Void
    ) {
        let thread = Thread {
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                take(data)
            }
            end()
        }
        thread.start()
    }

    /// Sends one line.
    /// - Throws: ``WorkloadError/Reason/engineFailed`` when the child has ended.
    func send(_ line: Data) throws(WorkloadError) {
        // A write to a pipe nobody reads would raise SIGPIPE: footprint ignores it, a host
        // program may not, so a child known to have ended is not written to at all.
        guard process.isRunning else { throw failure("ended") }
        do {
            try input.fileHandleForWriting.write(contentsOf: line + Data("\n".utf8))
        } catch {
            throw failure("stopped reading")
        }
    }

    /// The next line the child answers, waiting for it while `shouldStop` says no.
    /// - Throws: ``ExperimentInterrupted`` when `shouldStop` says yes (the child is then ended),
    ///   ``WorkloadError/Reason/engineFailed`` when the child ends without answering.
    func answer(shouldStop: () -> Bool) throws -> Data {
        while true {
            switch answers.next() {
            case .line(let line): return line
            case .ended:
                if shouldStop() { throw ExperimentInterrupted() }
                terminate()
                throw failure("ended")
            case .waiting:
                if shouldStop() {
                    terminate()
                    throw ExperimentInterrupted()
                }
                usleep(500)
            }
        }
    }

    /// Closes its input (the script's cue to end between requests), then ends it if it lingers
    /// (mid-work it reads no input): SIGTERM, and SIGKILL if even that is not taken.
    func terminate() {
        try? input.fileHandleForWriting.close()
        for (signal, wait) in [(Int32(0), 1.0), (SIGTERM, 2.0), (SIGKILL, 10.0)] where process.isRunning {
            if signal != 0 { kill(process.processIdentifier, signal) }
            let deadline = monotonicSeconds() + wait
            while process.isRunning && monotonicSeconds() < deadline { usleep(1_000) }
        }
        process.waitUntilExit()
    }

    /// The child's failure, with the last line it wrote to standard error.
    private func failure(_ what: String) -> WorkloadError {
        let said = errors.lastLine.map { ": \($0)" } ?? ""
        return WorkloadError(.engineFailed, "the PyTorch engine's process \(what)\(said)")
    }
}

/// Lines as a reader thread delivers them, taken one at a time by the waiting engine.
///
/// Checked `Sendable`: all state is behind `state`'s `Mutex`.
final class LineQueue: Sendable {
    enum Next { case line(Data), waiting, ended }
    private struct State {
        var pending = Data()
        var lines: [Data] = []
        var ended = false
    }
    private let state = Mutex(State())

    func append(_ data: Data) {
        state.withLock { state in
            state.pending.append(data)
            while let newline = state.pending.firstIndex(of: 0x0A) {
                state.lines.append(Data(state.pending[state.pending.startIndex..<newline]))
                state.pending = Data(state.pending[(newline + 1)...])
            }
        }
    }

    func end() { state.withLock { $0.ended = true } }

    func next() -> Next {
        state.withLock { state in
            if !state.lines.isEmpty { return .line(state.lines.removeFirst()) }
            return state.ended ? .ended : .waiting
        }
    }
}

/// The end of what a child wrote to standard error (a Python traceback ends with its cause).
///
/// Checked `Sendable`: the text is behind `text`'s `Mutex`.
final class ErrorTail: Sendable {
    private let text = Mutex(Data())

    func append(_ data: Data) {
        text.withLock { text in
            text.append(data)
            if text.count > 16_384 { text = Data(text.suffix(8_192)) }
        }
    }

    /// The last line that is not blank.
    var lastLine: String? {
        let all = text.withLock { String(decoding: $0, as: UTF8.self) }
        return all.split(whereSeparator: \.isNewline).last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map(String.init)
    }
}
