import FootprintCore
import Testing

@testable import FootprintMeter

/// Numbers in kernel files past what UInt64 holds once scaled or summed: found by the fuzz target
/// `procfs` and `sysfs` (Benchmarks/fuzz). Each trapped the sampler, and with it `footprint run`.
@Suite struct KernelNumberTests {
    func bytes(_ text: String) -> ArraySlice<UInt8> { Array(text.utf8)[...] }

    @Test func meminfoPastUInt64InBytesIsUnreadable() {
        // 2⁵⁴ kB is 2⁶⁴ bytes.
        #expect(MachineMemory.parse(bytes("MemTotal: 18014398509481984 kB\nMemAvailable: 1 kB\n")) == nil)
        #expect(MachineMemory.parse(bytes("MemTotal: 2 kB\nMemAvailable: 18014398509481984 kB\n")) == nil)
        #expect(
            MachineMemory.parse(bytes("MemTotal: 18014398509481983 kB\nMemAvailable: 1 kB\n"))?.total
                == UInt64(18_014_398_509_481_983) * 1_024)
    }

    @Test func procStatTicksPastUInt64AreUnreadable() {
        #expect(MachineCPUTimes.parse(bytes("cpu  18446744073709551615 1 0 0\n")) == nil)
        #expect(MachineCPUTimes.parse(bytes("cpu  0 0 0 18446744073709551615 1\n")) == nil)
        // busy and idle each fit, their total does not.
        #expect(MachineCPUTimes.parse(bytes("cpu  18446744073709551615 0 0 1\n")) == nil)
        #expect(MachineCPUTimes.parse(bytes("cpu  1 2 3 4\ncpu0 1 2 3 4\n"))?.total == 10)
    }

    @Test func processStatTicksPastUInt64AreUnreadable() {
        let line = FixtureTree.statLine(
            pid: 42, name: "x", parent: 7, utime: UInt64.max, stime: 1, cutime: 0, cstime: 0,
            rssPages: 1)
        #expect(ProcessStat.parse(bytes(line)) == nil)
        let reaped = FixtureTree.statLine(
            pid: 42, name: "x", parent: 7, utime: 1, stime: 1, cutime: UInt64.max, cstime: 1,
            rssPages: 1)
        #expect(ProcessStat.parse(bytes(reaped)) == nil)
    }

    @Test func cgroupMicrosecondsPastUInt64InNanosecondsAreUnreadable() {
        #expect(CgroupSensor.cpuNanoseconds(bytes("usage_usec 18446744073709552\n"), version: .v2) == nil)
        #expect(
            CgroupSensor.cpuNanoseconds(bytes("usage_usec 18446744073709551\n"), version: .v2)
                == 18_446_744_073_709_551_000)
        #expect(CgroupSensor.cpuNanoseconds(bytes("18446744073709551615\n"), version: .v1) == .max)
    }

    @Test func theTreesResidentPagesAtTheTopOfUInt64AreAccounted() {
        let accountant = EnergyAccountant(
            cpuModel: CPUPowerModel(tdpPerSocket: .watts(100), sockets: 1, tdpSource: "test"))
        func reading(_ time: Double, pages: UInt64) -> ProbeReading {
            ProbeReading(
                time: time, machineCPU: MachineCPUTimes(busy: 0, idle: 0, logicalCPUs: 1),
                memory: MachineMemory(total: 16_000_000_000, available: 8_000_000_000),
                tree: .init(ticks: 0, residentPages: pages, pids: [1]))
        }
        let interval = accountant.interval(from: reading(0, pages: .max), to: reading(1, pages: .max))
        // The tree cannot have more than all the memory in use.
        #expect(interval.ram.attributed == interval.ram.machine)
    }
}
