import CFootprintSystem
import FootprintSystem

#if canImport(Glibc)
import Glibc
#endif

/// A running process that `footprint attach` measures: not footprint's child, so its end is
/// watched, not waited for, and its pid is paired with its start time so that a pid the kernel
/// hands to a new process after it exited is never taken for it.
public struct AttachTarget: Sendable {
    /// The process.
    public let pid: Int32
    /// Its start time in clock ticks after boot (`/proc/PID/stat` field 22).
    public let startTime: UInt64
    /// Its command line (`/proc/PID/cmdline`); its name in brackets for a kernel thread, which has none.
    public let command: [String]
    private let procRoot: String

    /// The pids the kernel hands out: 1 to 4,194,304 (2^22, the largest `pid_max`).
    public static let pids: ClosedRange<Int> = 1...4_194_304

    /// Reads the process's start time and command line.
    /// - Throws: ``AttachError`` when no such process runs, or when its procfs files cannot be read.
    public init(pid: Int32, procRoot: String = "/proc") throws(AttachError) {
        self.pid = pid
        self.procRoot = procRoot
        let statPath = "\(procRoot)/\(pid)/stat"
        let stat: ProcessStat?
        do {
            stat = try SystemFile(path: statPath, capacity: 1_024).read { ProcessStat.parse($0) }
        } catch let error as SystemFileError where error.errno == ENOENT || error.errno == ESRCH {
            throw AttachError(.noSuchProcess, pid: pid)
        } catch let error as SystemFileError {
            throw AttachError(.unreadable, pid: pid, path: statPath, code: Errno(rawValue: error.errno))
        } catch {
            throw AttachError(.unreadable, pid: pid, path: statPath)
        }
        guard let stat else { throw AttachError(.unreadable, pid: pid, path: statPath) }
        guard !stat.isZombie else { throw AttachError(.noSuchProcess, pid: pid) }
        startTime = stat.startTime
        // The tree is found through each thread's children: a process whose threads cannot be listed
        // would be measured alone, without a word.
        let tasks = "\(procRoot)/\(pid)/task"
        if opendir(tasks).map({ closedir($0) }) == nil {
            throw AttachError(.unreadable, pid: pid, path: tasks, code: .current)
        }
        let arguments =
            (try? SystemFile(path: "\(procRoot)/\(pid)/cmdline", capacity: 4_096).read {
                $0.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            }) ?? []
        // The file ends with a NUL, which leaves an empty last field.
        let command = Array(arguments.last == "" ? arguments.dropLast() : arguments[...])
        self.command = command.isEmpty ? [Self.name(procRoot: procRoot, pid: pid)] : command
    }

    /// The kernel's name for a process without a command line (`/proc/PID/comm`), in brackets as ps shows it.
    static func name(procRoot: String, pid: Int32) -> String {
        "[\(ProcessTreeReader.name(procRoot: procRoot, pid: pid) ?? "")]"
    }

    /// Whether this process (the same one: same pid, same start time) still runs.
    public var isRunning: Bool {
        guard let stat = ProcessTreeReader.stat(procRoot: procRoot, pid: pid) else { return false }
        return stat.startTime == startTime && !stat.isZombie
    }

    /// How a wait for the target ended.
    public enum Ending: Sendable, Hashable {
        /// The target exited.
        case exited
        /// One of the signals waited for arrived.
        case signal(Int32)
    }

    /// Waits until the target exits or one of `signals` arrives; the signals must be blocked in
    /// every thread. The exit is noticed at once through a pidfd where the kernel has them (Linux
    /// 5.3), else within `pollInterval` seconds.
    public func wait(orSignals signals: [Int32], pollInterval: Double = 0.1) -> Ending {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        let signalDescriptor = footprint_signalfd(&set)
        defer { if signalDescriptor >= 0 { close(signalDescriptor) } }
        let pidDescriptor = footprint_pidfd_open(pid)
        defer { if pidDescriptor >= 0 { close(pidDescriptor) } }
        // The pidfd may have been opened on a new process that took the pid: the start time tells.
        if (pidDescriptor < 0 && Errno.current.rawValue == ESRCH) || !isRunning { return .exited }
        let step = Int32(pollInterval * 1_000)
        while true {
            var watched = [
                pollfd(fd: signalDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: pidDescriptor, events: Int16(POLLIN), revents: 0)
            ]
            // A descriptor of -1 is skipped by poll; with neither, the loop polls the clock alone.
            let both = pidDescriptor >= 0 && signalDescriptor >= 0
            _ = poll(&watched, nfds_t(watched.count), both ? -1 : step)
            if signalDescriptor >= 0 {
                let signal = footprint_signalfd_take(signalDescriptor)
                if signal > 0 { return .signal(signal) }
            } else if let signal = Self.pendingSignal(set) {
                return .signal(signal)
            }
            if pidDescriptor >= 0 ? watched[1].revents != 0 : !isRunning { return .exited }
        }
    }

    /// A signal of `set` already pending, taken; nil when none is (without signalfd).
    static func pendingSignal(_ set: sigset_t) -> Int32? {
        var set = set
        var now = timespec(tv_sec: 0, tv_nsec: 0)
        let signal = sigtimedwait(&set, nil, &now)
        return signal > 0 ? signal : nil
    }
}
