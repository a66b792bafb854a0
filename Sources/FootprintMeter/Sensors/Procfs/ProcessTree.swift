import FootprintSystem

/// The CPU time and memory of a process and all its descendants, read from procfs.
///
/// Tree CPU time = Σ over the live processes of the tree of (own ticks + ticks of their children
/// that already exited and were waited for). When a process exits and its parent reaps it, its
/// ticks move from its own line into the parent's `cutime`/`cstime`, so the sum carries on without
/// a drop. Descendants that re-parent themselves to init (daemons) leave the tree, and their time
/// with them, unless the root is a child subreaper that adopts them: `footprint run` follows the
/// descendants of footprint itself (``includesRoot`` false), so orphans stay in the tree.
public struct ProcessTreeReader: Sendable {
    /// The procfs mount, `/proc` outside tests.
    public let procRoot: String
    /// The root of the tree.
    public let rootPID: Int32
    /// Whether the root's own CPU time and memory count. Without them the reading is the root's
    /// descendants, live, plus those the root has reaped.
    public let includesRoot: Bool
    /// A process left out of the tree with all its descendants: `footprint attach` leaves itself
    /// out when it runs inside the tree it measures (a program that attaches to itself), so that
    /// the meter's own work is never counted as the program's.
    public let excludedPID: Int32?

    /// One reading of the tree.
    public struct Reading: Sendable, Hashable {
        /// CPU ticks of the tree, live and reaped.
        public var ticks: UInt64
        /// Resident pages of the live processes.
        public var residentPages: UInt64
        /// Processes found.
        public var processes: Int { pids.count }
        /// Their ids, for matching against the processes on each GPU.
        public var pids: [Int32]

        public init(ticks: UInt64, residentPages: UInt64, pids: [Int32]) {
            self.ticks = ticks
            self.residentPages = residentPages
            self.pids = pids
        }
    }

    public init(procRoot: String = "/proc", rootPID: Int32, includesRoot: Bool = true, excluding: Int32? = nil) {
        self.procRoot = procRoot
        self.rootPID = rootPID
        self.includesRoot = includesRoot
        excludedPID = excluding
    }

    /// Reads the tree, or nil once the root has gone.
    public func read() -> Reading? {
        var reading = Reading(ticks: 0, residentPages: 0, pids: [])
        var pending: [Int32] = [rootPID]
        var seen = Set<Int32>()
        var rootFound = false
        while let pid = pending.popLast() {
            guard pid != excludedPID || pid == rootPID, seen.insert(pid).inserted,
                let stat = Self.stat(procRoot: procRoot, pid: pid)
            else { continue }
            pending += children(of: pid)
            if pid == rootPID {
                rootFound = true
                if !includesRoot {
                    reading.ticks = ASCII.sum(reading.ticks, stat.reapedChildrenTicks) ?? .max
                    continue
                }
            }
            // Saturating: each process's figures come from the kernel, but no sum of them may trap.
            reading.ticks = ASCII.sum(reading.ticks, stat.ownTicks, stat.reapedChildrenTicks) ?? .max
            reading.residentPages = ASCII.sum(reading.residentPages, stat.residentPages) ?? .max
            reading.pids.append(pid)
        }
        return rootFound ? reading : nil
    }

    /// Child pids from `/proc/PID/task/TID/children` (every thread can be a parent).
    func children(of pid: Int32) -> [Int32] {
        var result: [Int32] = []
        let tasks = "\(procRoot)/\(pid)/task"
        for task in SystemFile.entries(tasks) {
            guard let file = try? SystemFile(path: "\(tasks)/\(task)/children", capacity: 256),
                let pids = try? file.read(Self.childPIDs)
            else { continue }
            result += pids
        }
        return result
    }

    /// The pids of a `children` file: space-separated decimals.
    static func childPIDs(_ bytes: ArraySlice<UInt8>) -> [Int32] {
        ASCII.fields(bytes).compactMap { ASCII.unsigned($0) }.map { Int32(truncatingIfNeeded: $0) }
    }

    /// The kernel's name for a process (`/proc/PID/comm`, without its newline); nil once it has gone.
    static func name(procRoot: String, pid: Int32) -> String? {
        guard let text = try? SystemFile.text("\(procRoot)/\(pid)/comm") else { return nil }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    static func stat(procRoot: String, pid: Int32) -> ProcessStat? {
        guard let file = try? SystemFile(path: "\(procRoot)/\(pid)/stat", capacity: 1_024) else { return nil }
        return try? file.read { ProcessStat.parse($0) }
    }
}
