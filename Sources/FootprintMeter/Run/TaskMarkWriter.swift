import FootprintSystem
import Synchronization

#if canImport(Glibc)
import Glibc  // fcntl, fstat
#endif

/// The writing end of a task pipe: a program measured by `footprint run` marks its own phases
/// with it (`footprint lab train` marks its epochs), one `start NAME` or `stop NAME` line per write.
///
/// It never waits for ever: the pipe is opened without blocking, so a `FOOTPRINT_TASKS` left over
/// from a run that has ended (a pipe nobody reads) is no writer rather than a hang, and a path that
/// is not a pipe is not written to. Once open, writes block as `echo > "$FOOTPRINT_TASKS"` does: the
/// reader, footprint, drains the pipe on a thread of its own.
///
/// Checked `Sendable`: the descriptor is a constant, closed once under the `open` lock.
public final class TaskMarkWriter: Sendable {
    private let descriptor: Int32
    private let open = Mutex(true)

    /// Opens the pipe `path`; nil when there is none to write to (no reader, not a pipe, gone).
    public init?(path: String) {
        guard case .success(let fd) = SystemCalls.system.openFile(path, [.writeOnly, .nonBlocking, .closeOnExec])
        else { return nil }
        var status = stat()
        let flags = fcntl(fd, F_GETFL)
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFIFO, flags >= 0,
            fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0
        else {
            _ = SystemCalls.system.close(fd)
            return nil
        }
        descriptor = fd
    }

    /// The writer `FOOTPRINT_TASKS` names in `environment`, nil when it names none.
    public convenience init?(environment: [String: String]) {
        guard let path = environment["FOOTPRINT_TASKS"], !path.isEmpty else { return nil }
        self.init(path: path)
    }

    /// Marks the start of the task `name`.
    public func start(_ name: String) { write("start " + name) }

    /// Marks the end of the task `name`.
    public func stop(_ name: String) { write("stop " + name) }

    /// One line in one write, so that it arrives whole; a failed write is dropped (a mark is worth
    /// less than the work it marks).
    private func write(_ line: String) {
        open.withLock { isOpen in
            guard isOpen else { return }
            var bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeMutableBytes { buffer in
                retryingInterrupted { SystemCalls.system.write(descriptor, buffer.baseAddress, buffer.count) }
            }
        }
    }

    /// Closes the pipe; later marks are dropped.
    public func close() {
        open.withLock { isOpen in
            guard isOpen else { return }
            isOpen = false
            _ = SystemCalls.system.close(descriptor)
        }
    }

    deinit { close() }
}
