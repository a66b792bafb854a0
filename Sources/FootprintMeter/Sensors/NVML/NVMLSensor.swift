import FootprintCore
import Synchronization

/// GPU energy through NVML: the total-energy counter where the device has one (Volta and later),
/// power readings integrated over time where it does not, utilisation, and the compute processes
/// on each device for attribution. A device that fails (GPU lost, reset required) is tagged and
/// left out from then on; the run goes on.
public final class NVMLSensor: GPUSensor, Sendable {
    /// A GPU as NVML describes it.
    public struct Device: Sendable, Hashable {
        public var index: Int
        public var name: String
        public var uuid: String
        public var powerLimit: Power?
        /// Whether `nvmlDeviceGetTotalEnergyConsumption` works on it.
        public var hasEnergyCounter: Bool
        /// Whether the tracked command may use it (`CUDA_VISIBLE_DEVICES`).
        public var visible: Bool
    }

    public let devices: [Device]
    public let notes: [String]
    private let library: NVMLLibrary
    private let handles: [HandleBox]
    private let lost = Mutex<[Int: String]>([:])

    struct HandleBox: @unchecked Sendable {
        // @unchecked: an NVML device handle is an opaque token, valid and usable from any thread.
        let handle: OpaquePointer?
    }

    /// Loads NVML and lists the devices.
    /// - Parameters:
    ///   - libraryPath: the library to load; `FOOTPRINT_NVML_LIBRARY` in the environment overrides it.
    /// - Throws: ``NVMLUnavailable`` when there is no driver or no device.
    public init(libraryPath: String = "libnvidia-ml.so.1", environment: [String: String]) throws(NVMLUnavailable) {
        let path = environment["FOOTPRINT_NVML_LIBRARY"].flatMap { $0.isEmpty ? nil : $0 } ?? libraryPath
        let library = try NVMLLibrary(path: path)
        let start = NVMLReturn(rawValue: library.initialize())
        guard start == .success else { throw NVMLUnavailable(.didNotStart, code: start) }
        var count: UInt32 = 0
        guard NVMLReturn(rawValue: library.deviceCount(&count)) == .success, count > 0 else {
            throw NVMLUnavailable(.noDevice)
        }
        var notes: [String] = []
        var handles: [HandleBox] = []
        var candidates: [VisibleDevices.Candidate] = []
        var described: [(name: String, uuid: String, limit: Power?, counter: Bool)] = []
        for index in 0..<count {
            var handle: OpaquePointer?
            let code = NVMLReturn(rawValue: library.deviceHandle(index, &handle))
            guard code == .success else {
                notes.append("GPU \(index): \(code); left out")
                continue
            }
            let uuid = library.string(library.uuid, handle) ?? "GPU-unknown-\(index)"
            let name = library.string(library.name, handle) ?? "GPU \(index)"
            var limit: UInt32 = 0
            let hasLimit = library.powerLimit.map { NVMLReturn(rawValue: $0(handle, &limit)) == .success } ?? false
            var energy: UInt64 = 0
            let counter = library.totalEnergy.map { NVMLReturn(rawValue: $0(handle, &energy)) == .success } ?? false
            if !counter {
                notes.append("GPU \(index) (\(name)) has no energy counter: its power is sampled and integrated")
            }
            handles.append(HandleBox(handle: handle))
            candidates.append(.init(index: Int(index), uuid: uuid, migUUIDs: Self.migUUIDs(library, handle)))
            described.append((name, uuid, hasLimit ? .watts(Double(limit) / 1_000) : nil, counter))
        }
        let visible = VisibleDevices.parse(environment["CUDA_VISIBLE_DEVICES"], devices: candidates)
        devices = zip(candidates, described).map { candidate, d in
            Device(
                index: candidate.index, name: d.name, uuid: d.uuid, powerLimit: d.limit, hasEnergyCounter: d.counter,
                visible: visible?.contains(candidate.index) ?? true)
        }
        self.library = library
        self.handles = handles
        self.notes = notes
    }

    /// The machine's GPUs where a driver loads, else nil with what went wrong: nothing for the
    /// common case of a machine without NVIDIA's driver, the reason for anything else.
    public static func openIfPresent(environment: [String: String]) -> (sensor: NVMLSensor?, note: String?) {
        do {
            return (try NVMLSensor(environment: environment), nil)
        } catch {
            return (nil, error.reason == .noDriverLibrary ? nil : error.description)
        }
    }

    public func read(treePIDs: Set<Int32>?) -> [GPUReading] {
        read(treePIDs: treePIDs, listingProcesses: false)
    }

    public func read(treePIDs: Set<Int32>?, listingProcesses: Bool) -> [GPUReading] {
        let alreadyLost = lost.withLock { $0 }
        var readings: [GPUReading] = []
        for (device, box) in zip(devices, handles) {
            if let reason = alreadyLost[device.index] {
                readings.append(GPUReading(index: device.index, failure: reason))
                continue
            }
            var reading = GPUReading(index: device.index)
            var failure: NVMLReturn?
            if device.hasEnergyCounter, let call = library.totalEnergy {
                var millijoules: UInt64 = 0
                let code = NVMLReturn(rawValue: call(box.handle, &millijoules))
                if code == .success { reading.energyMillijoules = millijoules } else { failure = code }
            } else if let call = library.power {
                var milliwatts: UInt32 = 0
                let code = NVMLReturn(rawValue: call(box.handle, &milliwatts))
                if code == .success { reading.powerMilliwatts = milliwatts } else { failure = code }
            }
            if let call = library.utilization {
                var rates: (UInt32, UInt32) = (0, 0)
                let code = withUnsafeMutablePointer(to: &rates) {
                    $0.withMemoryRebound(to: UInt32.self, capacity: 2) { NVMLReturn(rawValue: call(box.handle, $0)) }
                }
                if code == .success { reading.utilizationPercent = rates.0 }
            }
            if let failure, failure.isFatalForDevice {
                let reason = "GPU \(device.index) (\(device.name)): \(failure); its energy stops counting here"
                lost.withLock { $0[device.index] = reason }
                reading.failure = reason
            }
            // One NVML call serves both: the tree's devices and the per-process listing.
            let processes = treePIDs != nil || listingProcesses ? library.computeProcesses(box.handle) : nil
            if listingProcesses, case .success(let listed) = processes { reading.processes = listed }
            if let treePIDs, let processes {
                reading.usedByTree = usedByTree(device, processes, treePIDs)
            }
            readings.append(reading)
        }
        return readings
    }

    /// The tree uses a device when one of its processes runs on it; where NVML cannot list the
    /// processes (containers, old drivers), when the device is visible to the command.
    private func usedByTree(
        _ device: Device, _ processes: Result<[GPUProcess], NVMLError>, _ treePIDs: Set<Int32>
    ) -> Bool {
        switch processes {
        case .success(let listed): return listed.contains { treePIDs.contains($0.pid) }
        case .failure: return device.visible
        }
    }

    public var names: [String] { devices.map(\.name) }

    public var identities: [GPUIdentity] {
        devices.map { GPUIdentity(index: $0.index, uuid: $0.uuid, name: $0.name) }
    }

    /// Failures so far, by device index.
    public var failures: [Int: String] { lost.withLock { $0 } }

    static func migUUIDs(_ library: NVMLLibrary, _ handle: OpaquePointer?) -> [String] {
        guard let maxCall = library.maxMigDevices, let handleCall = library.migDeviceHandle else { return [] }
        var max: UInt32 = 0
        guard NVMLReturn(rawValue: maxCall(handle, &max)) == .success else { return [] }
        return (0..<max).compactMap { index in
            var mig: OpaquePointer?
            guard NVMLReturn(rawValue: handleCall(handle, index, &mig)) == .success else { return nil }
            return library.string(library.uuid, mig)
        }
    }
}
