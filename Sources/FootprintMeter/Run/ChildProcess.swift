import CFootprintSystem

#if canImport(Glibc)
import Glibc
#endif

/// The tracked command, started through footprint's own trampoline so that it dies with footprint.
///
/// `footprint` re-executes itself as `footprint __footprint-exec CMD ARGS…`; that process asks
/// the kernel for SIGKILL when its parent dies (PR_SET_PDEATHSIG survives exec), checks that the
/// parent is still there, and executes the command in its place. No footprint code runs in the
/// child after exec, and a SIGKILLed footprint never leaves the command running.
public final class ChildProcess: Sendable {
    /// The argument that selects the trampoline.
    public static let trampolineArgument = "__footprint-exec"
    /// Environment variable carrying the expected parent pid to the trampoline.
    static let parentVariable = "FOOTPRINT_PARENT_PID"

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

    /// Starts `command` with `environment` added to footprint's own, signal mask and dispositions reset.
    /// - Throws: ``ChildProcessError`` when the system cannot start it.
    public init(command: [String], environment extra: [String: String], resetSignals: [Int32]) throws(ChildProcessError) {
        guard !command.isEmpty else { throw ChildProcessError("no command to run: put it after --") }
        let executable = "/proc/self/exe"
        let arguments = ["footprint", Self.trampolineArgument] + command
        var environment = Self.currentEnvironment()
        for (key, value) in extra { environment[key] = value }
        environment[Self.parentVariable] = String(getpid())

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in resetSignals { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var child: pid_t = 0
        let status = Self.withCStrings(arguments) { argv in
            Self.withCStrings(environment.map { "\($0.key)=\($0.value)" }) { envp in
                posix_spawn(&child, executable, nil, &attributes, argv, envp)
            }
        }
        guard status == 0 else {
            throw ChildProcessError("cannot start \(command[0]): \(String(cString: strerror(status)))")
        }
        pid = child
    }

    /// Blocks until the command exits, leaving it a zombie so that its final CPU times can still be
    /// read from `/proc`; call ``reap()`` afterwards.
    public func waitForExit() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
    }

    /// Collects the exit status.
    public func reap() -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(127) }
        }
        // WIFEXITED/WTERMSIG are macros: decode the status word by hand.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }

    /// Sends a signal to the command.
    public func send(_ signal: Int32) { kill(pid, signal) }

    /// The trampoline's work, run in the new process before anything else: set the death signal,
    /// make sure the parent is still alive, exec the command. Never returns.
    public static func runTrampoline(_ command: [String]) -> Never {
        let expectedParent = getenv(parentVariable).flatMap { pid_t(String(cString: $0)) }
        unsetenv(parentVariable)
        if footprint_set_parent_death_signal(SIGKILL) != 0 {
            writeError("footprint: cannot tie the command to footprint's lifetime: \(String(cString: strerror(errno)))")
        }
        // The parent may have died between spawn and prctl; then nobody would kill us.
        if let expectedParent, getppid() != expectedParent { _exit(137) }
        guard let name = command.first else {
            writeError("footprint: no command to run")
            _exit(127)
        }
        _ = withCStrings(command) { argv in execvp(name, argv) }
        let code: Int32 = errno == ENOENT ? 127 : 126
        writeError("footprint: cannot run \(name): \(String(cString: strerror(errno)))")
        _exit(code)
    }

    static func writeError(_ message: String) {
        let line = message + "\n"
        _ = line.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }

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

/// The command could not be started.
public struct ChildProcessError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
