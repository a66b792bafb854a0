import FootprintCore
import Foundation
import Testing

@testable import FootprintMeter

@Suite(.serialized) struct NVMLTests {
    @Test func devicesCounterlessFallbackAndLostGPU() throws {
        let library = try FakeNVML.build(trackedPID: 4242)
        let sensor = try NVMLSensor(libraryPath: library, environment: [:])
        #expect(sensor.devices.map(\.name) == ["NVIDIA H100 80GB HBM3", "Tesla T4", "NVIDIA A100-SXM4-40GB"])
        #expect(sensor.devices.map(\.hasEnergyCounter) == [true, false, true])
        #expect(sensor.devices[0].powerLimit?.watts == 700)
        #expect(sensor.notes.contains { $0.contains("Tesla T4") && $0.contains("integrated") })

        let first = sensor.read(treePIDs: [4242, 4243])
        #expect(first[0].usedByTree)
        #expect(!first[1].usedByTree)
        #expect(first[0].utilizationPercent == 87)
        #expect(first[1].energyMillijoules == nil)
        #expect(first[1].powerMilliwatts == 70_000)
        #expect(first[2].failure == nil)

        let second = sensor.read(treePIDs: [4242])
        let before = try #require(first[0].energyMillijoules), after = try #require(second[0].energyMillijoules)
        #expect(after - before == 5_000)
        // Device 2 fails with GPU_IS_LOST on its next read, and stays out from then on.
        let third = sensor.read(treePIDs: [4242])
        #expect(third[2].failure?.contains("GPU is lost") == true)
        #expect(sensor.read(treePIDs: nil)[2].failure != nil)
        #expect(sensor.failures.count == 1)

        let accountant = EnergyAccountant(
            cpuModel: CPUPowerModel(tdpPerSocket: .watts(100), sockets: 1, tdpSource: "t"))
        let interval = accountant.interval(
            from: ProbeReading(time: 0, gpus: first), to: ProbeReading(time: 1, gpus: second))
        // 5 J counted on the H100 + 70 W × 1 s integrated on the T4; the H100 is the tree's.
        #expect(interval.gpu.machine.joules == 75)
        #expect(interval.gpu.attributed.joules == 5)
    }

    @Test func missingLibraryIsQuiet() {
        #expect {
            try NVMLSensor(libraryPath: "/nonexistent/libnvidia-ml.so.1", environment: [:])
        } throws: { error in
            (error as? NVMLUnavailable)?.reason == .noDriverLibrary
        }
    }

    @Test func visibleDevicesByIndexUUIDAndMIG() {
        let devices = [
            VisibleDevices.Candidate(index: 0, uuid: "GPU-11111111-aaaa"),
            VisibleDevices.Candidate(index: 1, uuid: "GPU-22222222-bbbb", migUUIDs: ["MIG-9999-xyz"]),
            VisibleDevices.Candidate(index: 2, uuid: "GPU-22223333-cccc")
        ]
        #expect(VisibleDevices.parse(nil, devices: devices) == nil)
        #expect(VisibleDevices.parse("", devices: devices) == [])
        #expect(VisibleDevices.parse("2,0", devices: devices) == [0, 2])
        #expect(VisibleDevices.parse("GPU-1111", devices: devices) == [0])
        #expect(VisibleDevices.parse("GPU-2222", devices: devices) == [], "an ambiguous prefix matches nothing")
        #expect(VisibleDevices.parse("MIG-GPU-22223333-cccc/1/0", devices: devices) == [2])
        #expect(VisibleDevices.parse("MIG-9999-xyz", devices: devices) == [1])
        #expect(VisibleDevices.parse("0,7,2", devices: devices) == [0], "CUDA stops at the first invalid entry")
    }

    @Test func visibleDevicesMarkTheSensorsDevices() throws {
        let library = try FakeNVML.build(trackedPID: 1)
        let sensor = try NVMLSensor(libraryPath: library, environment: ["CUDA_VISIBLE_DEVICES": "GPU-2222"])
        #expect(sensor.devices.map(\.visible) == [false, true, false])
    }

    @Test func returnCodesHaveNames() {
        #expect(NVMLReturn(rawValue: 15) == .gpuIsLost)
        #expect(NVMLReturn.gpuIsLost.isFatalForDevice)
        #expect(!NVMLReturn.notSupported.isFatalForDevice)
        #expect(NVMLReturn.notSupported.description == "not supported on this device")
        #expect(NVMLReturn(rawValue: 77).description == "NVML error 77")
    }
}
