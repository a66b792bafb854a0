import CFootprintSystem
import FootprintSystem

#if canImport(Glibc)
import Glibc  // waitid, kill, getpid, usleep
#endif

/// The command's process tree as footprint sees it when it is the tree's child subreaper.
///
/// A process whose parent exits is re-parented to its nearest subreaper ancestor, else to init.
/// With footprint as the subreaper, a background job the command leaves behind
/// (`sh -c 'sleep 7 & echo'`) becomes footprint's child instead of vanishing from view: its CPU
/// time stays in the measured tree while it runs, footprint can say that it outlived the command,
/// and `--wait-tree` can measure until it exits. Every child of footprint other than the command
/// is such an adopted orphan: `footprint run` starts no other process.
public struct CommandTree: Sendable {
    /// The command's process id (footprint's own child).
    public let command: Int32
    /// The procfs mount, `/proc` outside tests.
    let procRoot: String

    /// A process of the tree that was still running when the command exited.
    public struct Survivor: Sendable, Hashable, Encodable {
        public var pid: Int32
        /// Its name in the kernel's process table (`/proc/PID/comm`).
        public var name: String
    }

    public init(command: Int32, procRoot: String = "/proc") {
        self.command = command
        self.procRoot = procRoot
    }

    /// Makes footprint the subreaper of the processes it starts from now on; false (with nothing
    /// else changed) where the system does not offer it.
    public static func adoptOrphans() -> Bool {
        footprint_become_child_subreaper() == 0
    }

    /// Blocks until the command exits, leaving it a zombie so that its final CPU times can still
    /// be read; adopted orphans that exit meanwhile are reaped so that they do not pile up.
    public func waitForCommand() {
        while true {
            var info = siginfo_t()
            // A failure other than EINTR is ECHILD: nothing left to wait for.
            guard case .success = nothingOrErrno({ waitid(P_ALL, 0, &info, WEXITED | WNOWAIT) }) else { return }
            let pid = info._sifields._sigchld.si_pid
            if pid == command || pid <= 0 { return }
            _ = SystemCalls.system.wait(for: pid)
        }
    }

    /// The live processes of the tree other than the command, once the command has exited: the
    /// adopted orphans and their descendants, in pid order. Zombies among the orphans are reaped.
    public func survivors() -> [Survivor] {
        let me = getpid()
        let reader = ProcessTreeReader(procRoot: procRoot, rootPID: me)
        var pending = reader.children(of: me).filter { $0 != command }
        var seen = Set<Int32>()
        var found: [Survivor] = []
        while let pid = pending.popLast() {
            guard seen.insert(pid).inserted, let state = state(of: pid) else { continue }
            if state == "Z" || state == "X" {
                // Only footprint's own children can be reaped here; a zombie grandchild is its parent's.
                _ = SystemCalls.system.wait(for: pid, noHang: true)
                continue
            }
            found.append(Survivor(pid: pid, name: name(of: pid)))
            pending += reader.children(of: pid)
        }
        return found.sorted { $0.pid < $1.pid }
    }

    /// Reaps every adopted process as it exits until none is left, or until `shouldStop` says so
    /// (checked every 10 ms); returns whether the tree has gone. Call after reaping the command.
    public func waitForTree(until shouldStop: () -> Bool) -> Bool {
        while true {
            switch SystemCalls.system.wait(for: -1, noHang: true) {
            case .success(let reaped) where reaped.pid > 0: continue
            case .success: break
            case .failure: return true  // ECHILD: every process of the tree has exited and been reaped.
            }
            if shouldStop() { return false }
            usleep(10_000)
        }
    }

    /// Sends `signal` to the adopted orphans (footprint's children other than the command).
    public func signalSurvivors(_ signal: Int32) {
        let me = getpid()
        for pid in ProcessTreeReader(procRoot: procRoot, rootPID: me).children(of: me) where pid != command {
            kill(pid, signal)
        }
    }

    /// The one-letter state from `/proc/PID/stat`, nil once the process has gone.
    func state(of pid: Int32) -> Character? {
        guard let file = try? SystemFile(path: "\(procRoot)/\(pid)/stat", capacity: 1_024),
            let text = try? file.read({ String(decoding: $0, as: UTF8.self) }),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].first { $0 != " " }
    }

    func name(of pid: Int32) -> String {
        ProcessTreeReader.name(procRoot: procRoot, pid: pid) ?? "?"
    }
}

extension CommandTree.Survivor {
    /// "4242 sleep".
    public var label: String { "\(pid) \(name)" }
}
