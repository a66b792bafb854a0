import CFootprintSystem
import FootprintCore
import FootprintSystem

#if canImport(Glibc)
import Glibc  // pipes, signal sets, environ: process start-up that no test fakes
#endif

/// The tracked command, started so that it dies with footprint.
///
/// The child is made with `vfork` and, before it executes the command, asks the kernel for SIGKILL
/// when footprint dies (PR_SET_PDEATHSIG survives exec) and checks that footprint is still there
/// (`footprint_spawn_tied_to_parent`). No footprint code is loaded again and none runs in the child
/// after exec, and a SIGKILLed footprint never leaves the command running.
///
/// Whether the command started at all is not guessed from its exit code (a command may exit 127
/// itself): the child holds the write end of a close-on-exec pipe, which a successful exec closes
/// silently and a failed one carries errno through. `init` returns once the command runs.
public final class ChildProcess: Sendable {
    /// The command's process id.
    public let pid: pid_t

    /// How the command ended.
    public enum Termination: Sendable, Hashable {
        case exited(Int32)
        case signaled(Int32)

        /// The shell's convention: the exit code, or 128 + the signal number.
        public var exitCode: Int32 {
            switch self {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal
            }
        }
    }

    /// Starts `command` with `environment` added to footprint's own, signal mask and dispositions
    /// reset, and returns once it runs.
    /// - Throws: ``ChildProcessError`` with reason `.notFound` or `.notExecutable` when the command
    ///   could not be executed (the child has then been reaped), `.system` when the system
    ///   cannot start a process, `.noCommand` for an empty `command`.
    public init(command: [String], environment extra: [String: String], resetSignals: [Int32]) throws(ChildProcessError)
    {
        guard !command.isEmpty else { throw ChildProcessError(.noCommand, "no command to run") }
        var report: [Int32] = [0, 0]
        guard pipe(&report) == 0 else {
            throw ChildProcessError(.system, "cannot create a pipe to start \(command[0]): \(Errno.current)")
        }
        // Close-on-exec in both ends, so that no other child inherits either, and the command's exec
        // closes the child's copy of the write end: that closing is the report of success.
        for fd in report { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        defer { close(report[0]) }
        var environment = Self.currentEnvironment()
        for (key, value) in extra { environment[key] = value }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in resetSignals { sigaddset(&defaults, signal) }

        var spawnError: Int32 = 0
        let child = Self.withCStrings(command) { argv in
            Self.withCStrings(environment.map { "\($0.key)=\($0.value)" }) { envp in
                let child = footprint_spawn_tied_to_parent(argv[0], argv, envp, &defaults, report[1])
                spawnError = errno
                return child
            }
        }
        close(report[1])
        guard child > 0 else {
            throw ChildProcessError(.system, "cannot start \(command[0]): \(Errno(rawValue: spawnError))")
        }
        pid = child
        if let failure = Self.execFailure(reportedOn: report[0]) {
            _ = SystemCalls.system.wait(for: child)
            throw ChildProcessError(execFailure: failure, command: command[0])
        }
    }

    /// Reads the child's report: end-of-file when exec succeeded (or the child died before trying),
    /// else the errno of the failed exec.
    static func execFailure(reportedOn fd: Int32, calls: SystemCalls = .system) -> Int32? {
        var value: Int32 = 0
        let count = retryingInterrupted { calls.read(fd, &value, MemoryLayout<Int32>.size) }
        return count == .success(MemoryLayout<Int32>.size) ? value : nil
    }

    /// Collects the exit status. The status is lost only when something else reaped the command
    /// (an ignored SIGCHLD does that, which is why `footprint run` restores its default first); 127
    /// stands in then.
    public func reap() -> Termination {
        guard case .success(let (_, status)) = SystemCalls.system.wait(for: pid) else { return .exited(127) }
        // WIFEXITED/WTERMSIG are macros: decode the status word by hand.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    /// Sends a signal to the command.
    public func send(_ signal: Int32) { kill(pid, signal) }

    static func currentEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }

    static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}

/// The command could not be started. Only starting it: the task pipe and the run journal have
/// errors of their own (``TaskChannelError``, ``RunJournalError``).
public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    /// Why, to match on.
    public enum Reason: Sendable, Hashable {
        /// No such program: exec said ENOENT (exit code 127, as in a shell).
        case notFound
        /// The program was found but cannot be executed: a directory, no execute permission, a bad
        /// format (exit code 126, as in a shell).
        case notExecutable
        /// The system could not create the process or the pipe that reports its exec.
        case system
        /// The command line is empty: there is nothing to start.
        case noCommand
    }

    public let reason: Reason
    public let description: String

    init(_ reason: Reason, _ description: String) {
        self.reason = reason
        self.description = description
    }

    /// The error of a failed exec of `name`, said in the user's terms.
    init(execFailure code: Int32, command name: String) {
        reason = code == ENOENT ? .notFound : .notExecutable
        let quoted = Format.quoted(name)
        var isDirectory = false
        var info = stat()
        if name.contains("/"), stat(name, &info) == 0 { isDirectory = info.st_mode & S_IFMT == S_IFDIR }
        description =
            switch code {
            case ENOENT where name.isEmpty: "cannot run '': the command name is empty"
            case ENOENT where name.contains("/"): "cannot run \(quoted): no such file"
            case ENOENT: "cannot run \(quoted): command not found in PATH; check the name, or give its path"
            case EACCES where isDirectory: "cannot run \(quoted): it is a directory, not a program"
            case ENOTDIR: "cannot run \(quoted): a part of its path is not a directory"
            case EACCES:
                "cannot run \(quoted): permission denied; make it executable (chmod +x) or run it through its interpreter"
            default: "cannot run \(quoted): \(String(cString: strerror(code)))"
            }
    }

    /// A shell's exit code for a command that never started: 127 not found, 126 not executable.
    public var exitCode: Int32 {
        switch reason {
        case .notFound: 127
        case .notExecutable: 126
        case .system: 1
        case .noCommand: 2
        }
    }
}
