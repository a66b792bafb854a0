import FootprintCore
import Foundation
import Testing

@testable import FootprintMeter

/// The short fixed-seed fuzz pass of the task pipe, `/proc`, `/sys` and NVML parsers: mutations of
/// the seed corpora of Benchmarks/fuzz, fed to the same entry points as the fuzz targets there.
/// These parsers return nil for what they cannot read; a trap would end the test process.
@Suite struct FuzzPassTests {
    static func corpus(_ target: String, filePath: String = #filePath) -> [[UInt8]] {
        let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Benchmarks/fuzz/corpus/\(target)").standardized
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.sorted().compactMap {
            FileManager.default.contents(atPath: folder.appendingPathComponent($0).path).map(Array.init)
        }
    }

    static func inputs(_ target: String, count: Int, tokens: [String] = []) -> SeededInputs {
        SeededInputs(seeds: corpus(target).map { String(decoding: $0, as: UTF8.self) }, count: count, tokens: tokens)
    }

    @Test func seedCorporaAreThere() {
        for target in ["tasks", "procfs", "sysfs", "nvml"] { #expect(Self.corpus(target).count >= 2, "\(target)") }
    }

    @Test func taskPipe() {
        var seen = 0
        for input in Self.inputs("tasks", count: 1_500, tokens: ["start ", "stop ", "\u{1}footprint-quit\n"]) {
            for line in input.split(separator: 0x0A)
            where TaskChannel.parse(String(decoding: line, as: UTF8.self)) != nil {
                seen += 1
            }
        }
        #expect(seen > 0)
    }

    @Test func procFiles() {
        var tried = 0
        for (n, input) in Self.inputs(
            "procfs", count: 1_000,
            tokens: [
                "cpu ", "cpu0 ", "MemTotal:", "MemAvailable:", "processor", "model name", "physical id", "0::",
                "cpuacct", "/docker/", "cri-containerd-", "kubepods", "SLURM_JOB_ID=", "\0"
            ]
        ).enumerated() {
            tried += 1
            let bytes = input[...]
            let text = String(decoding: input, as: UTF8.self)
            let info = CPUInfo.parse(text)
            // The catalog scan costs most in a debug build: every eighth name is looked up.
            if n % 8 == 0, let model = info.modelName { _ = HardwareCatalog.bundledCPU(model) }
            if let times = MachineCPUTimes.parse(bytes) { #expect(times.total >= times.busy) }
            _ = ProcessStat.parse(bytes)
            if let memory = MachineMemory.parse(bytes) { #expect(memory.used <= memory.total) }
            _ = ProcessTreeReader.childPIDs(bytes)
            _ = CgroupSensor.memberships(text)
            if let id = ContainerID.parse(cgroup: text) { #expect(id.utf8.count == 64) }
            let environment = ProcessEnvironment.parse(bytes)
            #expect(environment.values.allSatisfy { $0.utf8.count <= ProcessEnvironment.longestValue * 3 })
            _ = JobIdentity.detect(environment: environment, cgroup: text)
        }
        #expect(tried == 1_000)
    }

    @Test func sysFiles() {
        var tried = 0
        for input in Self.inputs("sysfs", count: 3_000, tokens: ["usage_usec ", "package-", "dram"]) {
            tried += 1
            _ = CgroupSensor.cpuNanoseconds(input[...], version: .v1)
            _ = CgroupSensor.cpuNanoseconds(input[...], version: .v2)
            _ = RAPLDomain.Kind(name: String(decoding: input, as: UTF8.self).trimmingNewline())
        }
        #expect(tried == 3_000)
    }

    @Test func nvmlAnswers() {
        let gpus: [VisibleDevices.Candidate] = [
            .init(index: 0, uuid: "GPU-5a1b2c3d-0000-1111-2222-333344445555"),
            .init(index: 1, uuid: "GPU-5a1b9999", migUUIDs: ["MIG-0f6d4c3e"])
        ]
        for input in Self.inputs("nvml", count: 2_000, tokens: ["GPU-", "MIG-", "MIG-GPU-", "/"]) {
            let name = NVMLLibrary.text(input.prefix(96).map { CChar(bitPattern: $0) })
            let count = input.dropFirst(96).prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            // The driver's count never sizes more records than the buffer holds.
            let records = Array(input.dropFirst(100))
            #expect(
                NVMLLibrary.processIDs(records, count: count, stride: 24).count <= min(Int(count), records.count / 24))
            #expect(!name.contains("\u{0}"))
            _ = VisibleDevices.parse(
                String(decoding: input.dropFirst(100), as: UTF8.self),
                devices: gpus + [.init(index: 2, uuid: name)])
        }
    }
}
