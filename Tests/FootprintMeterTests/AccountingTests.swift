import FootprintCore
import Testing

@testable import FootprintMeter

@Suite struct AccountingTests {
    /// 100 W TDP, one socket: idle 12 W, full load 102 W.
    let accountant = EnergyAccountant(
        cpuModel: CPUPowerModel(tdpPerSocket: .watts(100), sockets: 1, tdpSource: "test"),
        ticksPerSecond: 100, pageSize: 4_096)

    func reading(
        time: Double, busy: UInt64, idle: UInt64, treeTicks: UInt64? = nil, treePages: UInt64 = 0,
        rapl: RAPLSensor.Reading? = nil, usedBytes: UInt64 = 8_000_000_000, gpus: [GPUReading] = []
    ) -> ProbeReading {
        ProbeReading(
            time: time, machineCPU: MachineCPUTimes(busy: busy, idle: idle, logicalCPUs: 2), rapl: rapl,
            memory: MachineMemory(total: 16_000_000_000, available: 16_000_000_000 - usedBytes),
            tree: treeTicks.map { .init(ticks: $0, residentPages: treePages, pids: [1]) }, gpus: gpus)
    }

    @Test func loadCurve() {
        let curve = CPULoadCurve.specPower
        #expect(curve.shareOfTDP(at: 0) == 0.12)
        #expect(curve.shareOfTDP(at: 0.1) == 0.32)
        #expect(abs(curve.shareOfTDP(at: 0.3) - (0.32 + 0.5 * 0.43)) < 1e-12)
        #expect(curve.shareOfTDP(at: 1) == 1.02)
        #expect(curve.shareOfTDP(at: 7) == 1.02)
        #expect(curve.shareOfTDP(at: .nan) == 0.12)
        #expect(RAMPowerModel().power(bytes: 8_000_000_000).watts == 8 * 0.3725)
    }

    /// 10 s at 50 % load → 75 W × 10 s; the tree did 40 % of the busy ticks → 40 % of (75 − 12) W × 10 s.
    @Test func modeledCPUAndTreeShare() {
        let a = reading(time: 0, busy: 0, idle: 0, treeTicks: 0)
        let b = reading(time: 10, busy: 1_000, idle: 1_000, treeTicks: 400)
        let interval = accountant.interval(from: a, to: b)
        #expect(interval.cpu.method == .tdpLoad)
        #expect(abs(interval.cpu.machine.joules - 750) < 1e-9)
        #expect(abs(interval.cpu.attributed.joules - 0.4 * 630) < 1e-9)
        #expect(interval.cpuUtilization == 0.5)
        #expect(interval.treeCPUShare == 0.4)
    }

    /// RAPL: 500 J measured in 5 s; idle is the model's 12 W → dynamic 440 J; the tree did all the busy work.
    @Test func measuredCPUUnderRAPL() {
        let a = reading(time: 0, busy: 0, idle: 0, treeTicks: 0, rapl: .init(packageMicrojoules: 0, dramMicrojoules: 0))
        let b = reading(
            time: 5, busy: 500, idle: 500, treeTicks: 500,
            rapl: .init(packageMicrojoules: 500_000_000, dramMicrojoules: 20_000_000))
        let interval = accountant.interval(from: a, to: b)
        #expect(interval.cpu.method == .rapl)
        #expect(interval.cpu.machine.joules == 500)
        #expect(abs(interval.cpu.attributed.joules - 440) < 1e-9)
        #expect(interval.ram.method == .raplDRAM)
        #expect(interval.ram.machine.joules == 20)
    }

    /// RAM modeled at 0.3725 W/GB of the 8 GB in use; the tree holds 1 GB of it.
    @Test func modeledRAMAndTreeShare() {
        let pages: UInt64 = 1_000_000_000 / 4_096
        let a = reading(time: 0, busy: 0, idle: 0, treeTicks: 0, treePages: pages)
        let b = reading(time: 100, busy: 0, idle: 100, treeTicks: 0, treePages: pages)
        let interval = accountant.interval(from: a, to: b)
        #expect(interval.ram.method == .ramPerGigabyte)
        #expect(abs(interval.ram.machine.joules - 8 * 0.3725 * 100) < 1e-9)
        #expect(abs(interval.ram.attributed.joules - Double(pages * 4_096) / 8e9 * 8 * 0.3725 * 100) < 1e-9)
        #expect(interval.cpu.attributed == .zero)
    }

    @Test func gpuCounterPowerFallbackAndLostDevice() {
        let a = reading(
            time: 0, busy: 0, idle: 0,
            gpus: [
                GPUReading(index: 0, energyMillijoules: 1_000_000, usedByTree: true),
                GPUReading(index: 1, powerMilliwatts: 100_000),
                GPUReading(index: 2, energyMillijoules: 5)
            ])
        let b = reading(
            time: 2, busy: 0, idle: 2,
            gpus: [
                GPUReading(index: 0, energyMillijoules: 1_600_000, usedByTree: true),
                GPUReading(index: 1, powerMilliwatts: 300_000),
                GPUReading(index: 2, failure: "GPU is lost")
            ])
        let interval = accountant.interval(from: a, to: b)
        // 600 J counted + (100 W + 300 W) / 2 × 2 s = 400 J integrated; the lost device adds nothing.
        #expect(interval.gpu.machine.joules == 1_000)
        #expect(interval.gpu.attributed.joules == 600)
        #expect(interval.gpu.method == .nvmlPower)
    }

    @Test func countersThatGoBackwardsAddNothing() {
        let a = reading(time: 0, busy: 500, idle: 500, treeTicks: 100)
        let b = reading(time: 1, busy: 400, idle: 700, treeTicks: 50)
        let interval = accountant.interval(from: a, to: b)
        #expect(interval.cpuUtilization == 0)
        #expect(interval.treeCPUShare == 0)
        #expect(abs(interval.cpu.machine.joules - 12) < 1e-9)
    }
}
