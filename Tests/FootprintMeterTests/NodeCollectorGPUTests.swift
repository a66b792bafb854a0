import FootprintCore
import Foundation
import Testing

@testable import FootprintMeter

@Suite(.serialized) struct NodeCollectorGPUTests {
    @Test func eachGPUSplitAmongItsProcessesAndALostOneNamedOnce() throws {
        // Device 0 runs 300 (2 GiB) and 999999 (1 GiB, not in this /proc); device 1 runs 400 and
        // 401 with no memory figure; device 2 is lost after one interval.
        let library = try FakeNVML.build(trackedPID: 300, loseAfter: 3)
        let sensor = try NVMLSensor(libraryPath: library, environment: [:])
        let node = try NodeFixture()
        for pid: Int32 in [300, 400, 401] { try node.process(pid, ticks: 0, rssPages: 0) }
        let collector = node.collector(gpus: sensor)
        _ = collector.collect()

        let interval = try #require(collector.collect())
        #expect(interval.gpus.map(\.index) == [0, 1, 2])
        #expect(interval.gpus.map(\.uuid) == ["GPU-11111111-aaaa", "GPU-22222222-bbbb", "GPU-33333333-cccc"])
        #expect(interval.gpus[0].name == "NVIDIA H100 80GB HBM3")
        #expect(interval.gpus[0].energy == SeriesEnergy(joules: 5, method: .nvmlEnergy))
        #expect(interval.gpus[1].energy.method == .nvmlPower)
        #expect(isClose(interval.gpus[1].energy.joules, 70 * interval.duration))
        #expect(interval.gpus[2].energy == SeriesEnergy(joules: 5, method: .nvmlEnergy))
        #expect(interval.problems.isEmpty)

        // By memory on device 0: 2 of 3 GiB; 999999's third is nobody's here.
        let tracked = try #require(interval.process(300)?.energy[.gpu])
        #expect(isClose(tracked.joules, 5.0 * 2 / 3))
        #expect(tracked.method == .nvmlPower, "the node's GPU method, which integrated power on device 1")
        // Equally on device 1, where NVML gives no memory figure.
        let a = try #require(interval.process(400)?.energy[.gpu]), b = try #require(interval.process(401)?.energy[.gpu])
        #expect(a == b && isClose(a.joules, interval.gpus[1].energy.joules / 2))
        #expect(interval.process(400)?.energy[.cpu] == nil && interval.process(400)?.energy[.ram] == nil)
        #expect(interval.sharesWithinNode)

        let lost = try #require(collector.collect())
        #expect(lost.gpus.map(\.index) == [0, 1], "left out of the interval it failed in")
        #expect(lost.problems.count == 1)
        #expect(lost.problems.first?.contains("GPU 2 (NVIDIA A100-SXM4-40GB): GPU is lost") == true)
        #expect(lost.gpus.allSatisfy { $0.energy.joules >= 0 } && lost.sharesWithinNode)
        let after = try #require(collector.collect())
        #expect(after.gpus.map(\.index) == [0, 1] && after.problems.isEmpty, "named once")
    }

    @Test func gpuSharesByMemoryOrEqually() {
        let byMemory = ProcessShares.gpu([
            GPUProcess(pid: 1, usedMemoryBytes: 3 << 30), GPUProcess(pid: 2, usedMemoryBytes: 1 << 30)
        ])
        #expect(byMemory == [1: 0.75, 2: 0.25])
        let oneUnknown = ProcessShares.gpu([GPUProcess(pid: 1, usedMemoryBytes: 3 << 30), GPUProcess(pid: 2)])
        #expect(oneUnknown == [1: 0.5, 2: 0.5])
        let twice = ProcessShares.gpu([
            GPUProcess(pid: 1, usedMemoryBytes: 1 << 30), GPUProcess(pid: 1, usedMemoryBytes: 1 << 30),
            GPUProcess(pid: 2, usedMemoryBytes: 2 << 30)
        ])
        #expect(twice == [1: 0.5, 2: 0.5], "a pid on two MIG instances is one process")
        #expect(ProcessShares.gpu([]).isEmpty)
    }

    @Test func processRecordsCarryTheirMemory() {
        var buffer = [UInt8](repeating: 0, count: 48)
        buffer.withUnsafeMutableBytes {
            $0.storeBytes(of: UInt32(42), toByteOffset: 0, as: UInt32.self)
            $0.storeBytes(of: UInt64(1 << 30), toByteOffset: 8, as: UInt64.self)
            $0.storeBytes(of: UInt32(43), toByteOffset: 24, as: UInt32.self)
            $0.storeBytes(of: UInt64.max, toByteOffset: 32, as: UInt64.self)
        }
        #expect(
            NVMLLibrary.processRecords(buffer, count: 2, stride: 24) == [
                GPUProcess(pid: 42, usedMemoryBytes: 1 << 30), GPUProcess(pid: 43, usedMemoryBytes: nil)
            ])
        #expect(NVMLLibrary.processRecords(buffer, count: 9, stride: 24).count == 2, "never past the buffer")
    }
}
