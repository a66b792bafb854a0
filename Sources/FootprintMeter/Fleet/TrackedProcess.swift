/// A process the collector has seen, kept from one reading to the next.
struct TrackedProcess: Sendable {
    /// With the pid, which process this is.
    var startTime: UInt64
    /// Its CPU ticks at the last reading.
    var ticks: UInt64
    /// What it belongs to; read the first time it uses something, then kept for its life.
    var identity: ProcessIdentity?
}

/// What a process used over one interval.
struct ProcessUse: Sendable, Hashable {
    var pid: Int32
    var startTime: UInt64
    /// CPU ticks in the interval.
    var ticks: UInt64
    /// Resident pages at the end of the interval.
    var residentPages: UInt64
}

extension NodeCollector {
    /// Matches a scan with the processes of the previous reading. A pid seen before with the same
    /// start time is the same process: its ticks since then are the interval's. A new one that
    /// started after the previous reading (`since`, seconds after boot) ran only in the interval:
    /// all its ticks are. One that started earlier was missed by that reading (the scan's limit, a
    /// read that failed): its past is not this interval's, and it counts from now on.
    /// Exited processes are not carried over, so the table holds only the living.
    func track(
        _ scan: ProcessScan, previous: [Int32: TrackedProcess], since: Double?
    ) -> (tracked: [Int32: TrackedProcess], used: [ProcessUse]) {
        var tracked: [Int32: TrackedProcess] = [:]
        tracked.reserveCapacity(scan.entries.count)
        var used: [ProcessUse] = []
        let tick = 1 / accountant.ticksPerSecond
        for entry in scan.entries {
            var ticks: UInt64 = 0
            var identity: ProcessIdentity?
            if let known = previous[entry.pid], known.startTime == entry.startTime {
                ticks = entry.ticks >= known.ticks ? entry.ticks - known.ticks : 0
                identity = known.identity
            } else if let since, Double(entry.startTime) * tick + tick >= since {
                ticks = entry.ticks
            }
            tracked[entry.pid] = TrackedProcess(startTime: entry.startTime, ticks: entry.ticks, identity: identity)
            used.append(
                ProcessUse(pid: entry.pid, startTime: entry.startTime, ticks: ticks, residentPages: entry.residentPages)
            )
        }
        return (tracked, used)
    }
}
