import FootprintSystem

#if canImport(Glibc)
import Glibc
#endif

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
    ///
    /// `kept` holds the stat files of the previous scan, open, by pid: reading a kept file is one
    /// system call where opening it by path is three and a path walk. A kept file of a process
    /// that has exited fails to read (the kernel ties it to that process, not to its pid), and the
    /// pid's path is opened anew. At most `keepLimit` files stay open, so that the exporter never
    /// runs out of descriptors for its connections.
    static func read(
        procRoot: String, limit: Int = mostProcesses, kept: inout [Int32: SystemFile], keepLimit: Int
    ) -> ProcessScan {
        let names = SystemFile.entries(procRoot)
        var scan = ProcessScan(entries: [], listed: !names.isEmpty, truncated: false)
        scan.entries.reserveCapacity(min(names.count, limit))
        var stillOpen: [Int32: SystemFile] = [:]
        stillOpen.reserveCapacity(min(kept.count, keepLimit))
        for name in names {
            guard let first = name.utf8.first, first >= 0x30, first <= 0x39, let pid = Int32(name), pid > 0 else {
                continue
            }
            guard scan.entries.count < limit else {
                scan.truncated = true
                break
            }
            var file = kept[pid]
            var stat = file.flatMap { try? $0.read { ProcessStat.parse($0) } }
            if stat == nil {
                file = try? SystemFile(path: "\(procRoot)/\(pid)/stat", capacity: 512)
                stat = file.flatMap { try? $0.read { ProcessStat.parse($0) } }
            }
            guard let stat, !stat.isZombie else { continue }
            if let file, stillOpen.count < keepLimit { stillOpen[pid] = file }
            scan.entries.append(
                Entry(pid: pid, startTime: stat.startTime, ticks: stat.ownTicks, residentPages: stat.residentPages))
        }
        kept = stillOpen
        return scan
    }

    /// How many stat files to keep open: a quarter of this process's descriptor limit, at most 4,096.
    static func keepLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        return Int(min(limit.rlim_cur / 4, 4_096))
    }
}
