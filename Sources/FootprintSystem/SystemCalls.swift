import Glibc

/// The system calls footprint makes on files and child processes, as a table of functions.
///
/// Code that opens, reads or waits takes a `SystemCalls` (``system`` unless a test says otherwise)
/// and calls through it, so that a test can make `read` fail with EINTR or `open` with EACCES
/// without signals or file permissions. Each entry keeps the C convention (a negative result and
/// `errno`; a fake sets ``Errno/current``), so ``retryingInterrupted(_:)`` works the same on both:
/// `retryingInterrupted { calls.read(fd, buffer, count) }`.
/// Calling an entry is one indirect call: no allocation or lock on the sampler's hot path.
public struct SystemCalls: Sendable {
    public var open: @Sendable (_ path: UnsafePointer<CChar>, _ flags: OpenFlags, _ mode: UInt32) -> Int32
    public var close: @Sendable (_ descriptor: Int32) -> Int32
    public var read: @Sendable (_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int
    public var pread:
        @Sendable (_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int, _ offset: Int64) -> Int
    public var write: @Sendable (_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int
    public var waitpid: @Sendable (_ pid: Int32, _ status: UnsafeMutablePointer<Int32>?, _ options: Int32) -> Int32
    public var lockExclusive: @Sendable (_ descriptor: Int32) -> Int32
    /// `flock(LOCK_EX | LOCK_NB)`: takes the lock now or fails with EWOULDBLOCK, without waiting.
    public var tryLockExclusive: @Sendable (_ descriptor: Int32) -> Int32
    public var unlock: @Sendable (_ descriptor: Int32) -> Int32

    public init(
        open: @escaping @Sendable (UnsafePointer<CChar>, OpenFlags, UInt32) -> Int32,
        close: @escaping @Sendable (Int32) -> Int32,
        read: @escaping @Sendable (Int32, UnsafeMutableRawPointer?, Int) -> Int,
        pread: @escaping @Sendable (Int32, UnsafeMutableRawPointer?, Int, Int64) -> Int,
        write: @escaping @Sendable (Int32, UnsafeRawPointer?, Int) -> Int,
        waitpid: @escaping @Sendable (Int32, UnsafeMutablePointer<Int32>?, Int32) -> Int32,
        lockExclusive: @escaping @Sendable (Int32) -> Int32,
        tryLockExclusive: @escaping @Sendable (Int32) -> Int32 = { flock($0, LOCK_EX | LOCK_NB) },
        unlock: @escaping @Sendable (Int32) -> Int32
    ) {
        self.open = open
        self.close = close
        self.read = read
        self.pread = pread
        self.write = write
        self.waitpid = waitpid
        self.lockExclusive = lockExclusive
        self.tryLockExclusive = tryLockExclusive
        self.unlock = unlock
    }

    /// The kernel's own calls.
    public static let system = SystemCalls(
        open: { path, flags, mode in Glibc.open(path, flags.rawValue, mode_t(mode)) },
        close: { Glibc.close($0) },
        read: { Glibc.read($0, $1, $2) },
        pread: { Glibc.pread($0, $1, $2, off_t($3)) },
        write: { Glibc.write($0, $1, $2) },
        waitpid: { Glibc.waitpid($0, $1, $2) },
        lockExclusive: { flock($0, LOCK_EX) },
        tryLockExclusive: { flock($0, LOCK_EX | LOCK_NB) },
        unlock: { flock($0, LOCK_UN) }
    )
}

extension SystemCalls {
    /// Opens `path`, again if a signal interrupted the open; the descriptor, or why not.
    public func openFile(_ path: String, _ flags: OpenFlags, mode: UInt32 = 0) -> Result<Int32, Errno> {
        path.withCString { name in retryingInterrupted { self.open(name, flags, mode) } }
    }

    /// Waits for `pid` (or any child with -1), again if a signal interrupted the wait; the pid
    /// collected (0 with `noHang` when none has exited yet) and its status word.
    public func wait(for pid: Int32, noHang: Bool = false) -> Result<(pid: Int32, status: Int32), Errno> {
        var status: Int32 = 0
        return retryingInterrupted { self.waitpid(pid, &status, noHang ? WNOHANG : 0) }.map { ($0, status) }
    }

    /// Takes an exclusive `flock` on `descriptor`, waiting for it through any signal.
    public func lockExclusively(_ descriptor: Int32) -> Result<Void, Errno> {
        nothingOrErrno { self.lockExclusive(descriptor) }
    }

    /// Takes an exclusive `flock` on `descriptor` if no other open file holds it; false when one
    /// does (or the lock cannot be taken). A lock dies with its process, SIGKILL included, so a
    /// lock that can be taken says that whoever held it is gone.
    public func lockExclusivelyIfFree(_ descriptor: Int32) -> Bool {
        if case .success = nothingOrErrno({ self.tryLockExclusive(descriptor) }) { return true }
        return false
    }
}

/// The flags of ``SystemCalls/openFile(_:_:mode:)``, so that callers need not import the C library.
public struct OpenFlags: OptionSet, Sendable, Hashable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let readOnly = OpenFlags(rawValue: O_RDONLY)
    public static let writeOnly = OpenFlags(rawValue: O_WRONLY)
    public static let readWrite = OpenFlags(rawValue: O_RDWR)
    public static let create = OpenFlags(rawValue: O_CREAT)
    public static let append = OpenFlags(rawValue: O_APPEND)
    /// Not inherited by the commands footprint starts.
    public static let closeOnExec = OpenFlags(rawValue: O_CLOEXEC)
    /// An open that does not wait (a FIFO without a writer would block it until one comes).
    public static let nonBlocking = OpenFlags(rawValue: O_NONBLOCK)
}
