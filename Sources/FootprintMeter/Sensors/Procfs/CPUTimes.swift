/// Machine-wide CPU time from the first line of `/proc/stat`, in clock ticks.
public struct MachineCPUTimes: Sendable, Hashable {
    /// Ticks spent running anything: user, nice, system, irq, softirq, steal.
    public var busy: UInt64
    /// Ticks idle or waiting for I/O.
    public var idle: UInt64
    /// Logical CPUs (the `cpuN` lines).
    public var logicalCPUs: Int

    /// All ticks.
    public var total: UInt64 { busy + idle }

    /// Parses `/proc/stat`. Guest time is already counted in user time, so it is not added again.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> MachineCPUTimes? {
        var result: MachineCPUTimes?
        var cpus = 0
        for line in ASCII.lines(bytes) {
            guard ASCII.hasPrefix(line, "cpu") else {
                if result != nil { break }  // the cpu lines come first and together
                continue
            }
            let fields = ASCII.fields(line)
            if fields.first?.count == 3 {
                let values = fields.dropFirst().prefix(8).map { ASCII.unsigned($0) ?? 0 }
                guard values.count >= 4 else { return nil }
                let at = { (i: Int) in i < values.count ? values[i] : 0 }
                // busy + idle must fit too, for `total`.
                guard let busy = ASCII.sum(at(0), at(1), at(2), at(5), at(6), at(7)),
                    let idle = ASCII.sum(at(3), at(4)), ASCII.sum(busy, idle) != nil
                else { return nil }
                result = MachineCPUTimes(busy: busy, idle: idle, logicalCPUs: 0)
            } else {
                cpus += 1
            }
        }
        result?.logicalCPUs = max(cpus, 1)
        return result
    }
}

/// One process's line of `/proc/PID/stat`: its parent, CPU time and resident pages.
public struct ProcessStat: Sendable, Hashable {
    /// Parent process id.
    public var parent: Int32
    /// User + system ticks of the process itself.
    public var ownTicks: UInt64
    /// User + system ticks of its children that have exited and been waited for.
    public var reapedChildrenTicks: UInt64
    /// Resident set size in pages.
    public var residentPages: UInt64
    /// When the process started, in clock ticks after boot (field 22): with the pid, it names one
    /// process, which a pid alone does not once the kernel reuses it.
    public var startTime: UInt64 = 0
    /// Whether it has exited and waits for its parent to reap it (state Z): no longer running.
    public var isZombie = false

    /// Parses `/proc/PID/stat`. The command name may hold spaces and parentheses, so fields are
    /// counted from the last ')'. One pass over the bytes, without an array of fields: the
    /// exporter parses this line for every process of the node every second.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> ProcessStat? {
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        // After ')': state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
        // utime stime cutime cstime priority nice threads itrealvalue starttime vsize rss
        var state: UInt8 = 0
        var parent: UInt64?, utime: UInt64?, stime: UInt64?, cutime: UInt64?, cstime: UInt64?
        var start: UInt64?, rss: UInt64?
        var field = 0
        var index = close + 1
        let end = bytes.endIndex
        while index < end, field <= 21 {
            while index < end, bytes[index] == ASCII.space || bytes[index] == ASCII.tab { index += 1 }
            guard index < end else { break }
            let first = index
            while index < end, bytes[index] != ASCII.space, bytes[index] != ASCII.tab { index += 1 }
            switch field {
            case 0: state = bytes[first]
            case 1: parent = ASCII.unsigned(bytes[first..<index])
            case 11: utime = ASCII.unsigned(bytes[first..<index])
            case 12: stime = ASCII.unsigned(bytes[first..<index])
            case 13: cutime = ASCII.unsigned(bytes[first..<index])
            case 14: cstime = ASCII.unsigned(bytes[first..<index])
            case 19: start = ASCII.unsigned(bytes[first..<index])
            case 21: rss = ASCII.unsigned(bytes[first..<index])
            default: break
            }
            field += 1
        }
        guard field > 21, let parent, let utime, let stime, let cutime, let cstime, let start, let rss,
            let own = ASCII.sum(utime, stime), let reaped = ASCII.sum(cutime, cstime)
        else { return nil }
        return ProcessStat(
            parent: Int32(truncatingIfNeeded: parent), ownTicks: own,
            reapedChildrenTicks: reaped, residentPages: rss, startTime: start,
            isZombie: state == UInt8(ascii: "Z"))
    }
}

/// Memory from `/proc/meminfo`, in bytes.
public struct MachineMemory: Sendable, Hashable {
    /// MemTotal.
    public var total: UInt64
    /// MemAvailable: what applications could still use without swapping.
    public var available: UInt64
    /// In use: total − available.
    public var used: UInt64 { total > available ? total - available : 0 }

    /// Parses `/proc/meminfo`.
    public static func parse(_ bytes: ArraySlice<UInt8>) -> MachineMemory? {
        var total: UInt64?, available: UInt64?
        for line in ASCII.lines(bytes) {
            if ASCII.hasPrefix(line, "MemTotal:") {
                total = ASCII.unsigned(line.dropFirst(9)).flatMap { ASCII.product($0, 1_024) }
            } else if ASCII.hasPrefix(line, "MemAvailable:") {
                available = ASCII.unsigned(line.dropFirst(13)).flatMap { ASCII.product($0, 1_024) }
            }
            if total != nil && available != nil { break }
        }
        guard let total, let available else { return nil }
        return MachineMemory(total: total, available: available)
    }
}
