import Foundation

@testable import FootprintCore
@testable import FootprintLedger
@testable import FootprintMeter
@testable import FootprintModels

/// One fuzz target per parser of outside input. Each feeds the bytes to the same entry points that
/// footprint uses, and to what reads their results; a trap, a hang or runaway memory is the finding.
public enum Targets {
    /// The targets by name, as `FUZZ_TARGET` gives it.
    public static let all: [String: @Sendable (ArraySlice<UInt8>) -> Void] = [
        "spec": spec, "toml": toml, "environment": environment, "codecarbon": codecarbon,
        "tasks": tasks, "procfs": procfs, "sysfs": sysfs, "nvml": nvml, "safetensors": safetensors
    ]

    static func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// A model spec (JSON) in either form, its count, and the lab's analysis of its network.
    static func spec(_ bytes: ArraySlice<UInt8>) {
        guard let model = try? SpecModel.parse(Data(bytes)) else { return }
        if let count = try? model.count() {
            _ = (count.parameters, count.forwardFLOPs, count.trainingFLOPs, count.activationElements)
        }
        guard let analysis = try? model.labNetwork?.analyze() else { return }
        _ = (analysis.parameters, analysis.forwardFLOPs, analysis.activationElements, analysis.outputShape)
        _ = (
            analysis.parameterBytes(.fp32), analysis.activationBytes(.fp16),
            analysis.trainingFLOPs(samples: 1e6, epochs: 10)
        )
    }

    /// A weights file (`lab train --init`): the header and its checks, every F32 tensor's values,
    /// and the model spec its metadata carries.
    static func safetensors(_ bytes: ArraySlice<UInt8>) {
        guard let file = try? SafeTensors(parsing: Array(bytes)) else { return }
        for entry in file.entries { _ = file.floats(entry) }
        if let spec = file.metadata["footprint.spec"] {
            _ = try? SpecModel.labNetwork(parsing: Data(spec.utf8)).analyze()
        }
    }

    /// `footprint.toml`, and the numbers read from its settings.
    static func toml(_ bytes: ArraySlice<UInt8>) {
        guard let entries = try? ConfigFile.parse(text(bytes), path: "footprint.toml") else { return }
        for entry in entries {
            let setting = Setting(
                key: entry.key, value: entry.value,
                origin: .file(path: "footprint.toml", key: entry.key, line: entry.line))
            number(setting)
        }
    }

    /// `FOOTPRINT_*` variables: one value a line, in the order of the keys, then
    /// `FOOTPRINT_CONTAINER` and `CUDA_VISIBLE_DEVICES`.
    static func environment(_ bytes: ArraySlice<UInt8>) {
        let values = text(bytes).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let variables = ConfigFile.keys.values.sorted() + ["FOOTPRINT_CONTAINER", "CUDA_VISIBLE_DEVICES"]
        var environment: [String: String] = ["HOME": "/nonexistent"]
        for (variable, value) in zip(variables, values) { environment[variable] = value }
        if let layers = try? ConfigFile.settings(environment, workingDirectory: "/nonexistent") {
            for layer in layers.layers { for setting in layer.values { read(setting) } }
            _ = layers.firstLayer(setting: ["region", "country", "cloud", "intensity"])
        }
        _ = CgroupSensor.inContainer(root: "/nonexistent", environment: environment)
        _ = VisibleDevices.parse(environment["CUDA_VISIBLE_DEVICES"], devices: gpus)
    }

    /// What footprint makes of one setting's value: a number for any key; a preset for `pue`; a
    /// region looked up for `region`, `country` and `cloud`, as the command line does.
    static func read(_ setting: Setting) {
        number(setting)
        switch setting.key {
        case "pue": _ = PUEPreset.named(setting.value)
        case "region", "country": _ = try? GridCatalog.bundled.region(setting.value)
        case "cloud": _ = try? GridCatalog.bundled.region(setting.value.replacingOccurrences(of: "/", with: ":"))
        default: break
        }
    }

    static func number(_ setting: Setting) {
        guard let number = try? setting.number(of: "a number") else { return }
        for range in [PlausibleRange.samplingInterval, .cpuTDP, .pue, .gridIntensity] { _ = try? range.check(number) }
        _ = try? PUE(number, origin: "fuzz")
        _ = try? ResolvedLocation(intensity: number, origin: "fuzz")
    }

    /// A CodeCarbon `emissions.csv`: the record stream, the header, and what the import makes of
    /// each row short of writing it (the check, the name, the original cells and their key).
    static func codecarbon(_ bytes: ArraySlice<UInt8>) {
        var stream = CSVStream(bytes: Array(bytes))
        guard let first = try? stream.next() else { return }
        let header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        while let record = try? stream.next() {
            guard record.fields.count == header.count else { continue }
            let values = Dictionary(zip(header, record.fields), uniquingKeysWith: { first, _ in first })
            _ = CodeCarbonImport.check(values)
            _ = CodeCarbonImport.runName(values, id: values["run_id"] ?? "")
            _ = CodeCarbonImport.originalRow(of: CodeCarbonImport.encodeOriginal(header: header, values: values))
        }
    }

    /// The task pipe: each line of what the command wrote.
    static func tasks(_ bytes: ArraySlice<UInt8>) {
        for line in bytes.split(separator: 0x0A) { _ = TaskChannel.parse(String(decoding: line, as: UTF8.self)) }
    }

    /// `/proc` files: the same bytes as each of them, as footprint reads them.
    static func procfs(_ bytes: ArraySlice<UInt8>) {
        let text = text(bytes)
        let info = CPUInfo.parse(text)
        if let model = info.modelName { _ = HardwareCatalog.bundledCPU(model) }
        _ = MachineCPUTimes.parse(bytes)?.total
        _ = ProcessStat.parse(bytes)
        _ = MachineMemory.parse(bytes)?.used
        _ = ProcessTreeReader.childPIDs(bytes)
        _ = CgroupSensor.memberships(text)
        _ = ContainerID.parse(cgroup: text)
        _ = JobIdentity.podUID(cgroup: text)
        _ = JobIdentity.detect(environment: ProcessEnvironment.parse(bytes), cgroup: text)
    }

    /// `/sys` files: cgroup counters and RAPL zone files.
    static func sysfs(_ bytes: ArraySlice<UInt8>) {
        _ = CgroupSensor.cpuNanoseconds(bytes, version: .v1)
        _ = CgroupSensor.cpuNanoseconds(bytes, version: .v2)
        _ = ASCII.unsigned(bytes)
        let text = text(bytes).trimmingNewline()
        _ = RAPLDomain.Kind(name: text)
        _ = UInt64(text)
    }

    /// NVML's answers: a string property's 96-byte buffer, a process list, and the device UUIDs that
    /// `CUDA_VISIBLE_DEVICES` is matched against.
    static func nvml(_ bytes: ArraySlice<UInt8>) {
        let buffer = bytes.prefix(96).map { CChar(bitPattern: $0) }
        let name = NVMLLibrary.text(buffer)
        let count = bytes.dropFirst(96).prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let records = Array(bytes.dropFirst(100))
        _ = NVMLLibrary.processIDs(records, count: count, stride: 16)
        _ = NVMLLibrary.processIDs(records, count: count, stride: 24)
        let devices = gpus + [.init(index: 2, uuid: name, migUUIDs: [name])]
        _ = VisibleDevices.parse(text(bytes.dropFirst(100)), devices: devices)
    }

    static let gpus: [VisibleDevices.Candidate] = [
        .init(index: 0, uuid: "GPU-5a1b2c3d-0000-1111-2222-333344445555"),
        .init(
            index: 1, uuid: "GPU-5a1b9999-0000-1111-2222-333344445555",
            migUUIDs: ["MIG-0f6d4c3e-1111-2222-3333-444455556666"])
    ]
}
