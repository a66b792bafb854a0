#if canImport(Glibc)
import Glibc
#else
#error(
    "Footprint is Linux-only: its sensors read /proc, /sys and cgroups, and it ties the commands it runs to its life with prctl"
)
#endif

/// An error number from a failed system call, to match on by name rather than by a message.
public struct Errno: RawRepresentable, Error, Hashable, Sendable, CustomStringConvertible {
    /// The C `errno` value.
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's `errno` now: read it right after the failed call, before anything else
    /// can overwrite it. Fakes set it to say how a call failed.
    public static var current: Errno {
        get { Errno(rawValue: Glibc.errno) }
        set { Glibc.errno = newValue.rawValue }
    }

    /// EINTR: a signal arrived before the call did anything; it is safe to make it again.
    public static let interrupted = Errno(rawValue: EINTR)
    /// ENOENT: no such file or directory (for exec: no such program).
    public static let noSuchFile = Errno(rawValue: ENOENT)
    /// EACCES: the file is there but this user may not open or execute it.
    public static let permissionDenied = Errno(rawValue: EACCES)
    /// EPERM: the operation is not permitted to this user (some sysfs files answer this).
    public static let notPermitted = Errno(rawValue: EPERM)
    /// EIO: an input/output error.
    public static let ioError = Errno(rawValue: EIO)
    /// ENOTDIR: a part of the path is not a directory.
    public static let notDirectory = Errno(rawValue: ENOTDIR)
    /// ECHILD: no child process is left to wait for.
    public static let noChildProcess = Errno(rawValue: ECHILD)
    /// EEXIST: the file already exists.
    public static let exists = Errno(rawValue: EEXIST)

    /// The system's own words for it, e.g. "Permission denied".
    public var description: String { String(cString: strerror(rawValue)) }
}
