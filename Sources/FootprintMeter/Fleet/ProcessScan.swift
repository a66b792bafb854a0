import FootprintSystem

/// Every process of a procfs mount at one instant: its identity (pid, start time), CPU ticks and
/// resident pages, from `/proc/PID/stat` alone (one small read per process).
struct ProcessScan: Sendable {
    /// One process.
    struct Entry: Sendable, Hashable {
        var pid: Int32
        var startTime: UInt64
        /// User + system ticks of the process itself (all its threads): not its reaped children's,
        /// which were counted as theirs while they ran.
        var ticks: UInt64
        var residentPages: UInt64
    }

    /// The processes read, in the order /proc lists them.
    var entries: [Entry]
    /// Whether the mount could be listed at all.
    var listed: Bool
    /// Whether more processes were running than the scan reads.
    var truncated: Bool

    /// The most processes read in one scan: Linux's default pid_max is 4 million, and a runaway fork
    /// loop must not make one interval take seconds.
    static let mostProcesses = 65_536

    /// Reads every process under `procRoot`. A process that exits between the listing and its
    /// read is skipped; so is a zombie, which runs no more and holds no memory.
    static func read(procRoot: String, limit: Int = mostProcesses) -> ProcessScan {
        let names = SystemFile.entries(procRoot)
        var scan = ProcessScan(entries: [], listed: !names.isEmpty, truncated: false)
        scan.entries.reserveCapacity(min(names.count, limit))
        for name in names {
            guard let first = name.utf8.first, first >= 0x30, first <= 0x39, let pid = Int32(name), pid > 0 else {
                continue
            }
            guard scan.entries.count < limit else {
                scan.truncated = true
                break
            }
            guard let stat = ProcessTreeReader.stat(procRoot: procRoot, pid: pid), !stat.isZombie else { continue }
            scan.entries.append(
                Entry(pid: pid, startTime: stat.startTime, ticks: stat.ownTicks, residentPages: stat.residentPages))
        }
        return scan
    }
}
