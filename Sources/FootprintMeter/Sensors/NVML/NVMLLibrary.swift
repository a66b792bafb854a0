import FootprintSystem

/// The NVML functions footprint uses, resolved with `dlopen`/`dlsym` at run time so that footprint
/// runs on machines without an NVIDIA driver and never links against it.
final class NVMLLibrary: @unchecked Sendable {
    // @unchecked: every property is a constant set in init (C function pointers are not Sendable
    // to the compiler); NVML's functions are thread-safe once nvmlInit has returned.
    typealias Device = OpaquePointer?
    typealias VoidCall = @convention(c) () -> UInt32
    typealias CountCall = @convention(c) (UnsafeMutablePointer<UInt32>) -> UInt32
    typealias HandleCall = @convention(c) (UInt32, UnsafeMutablePointer<Device>) -> UInt32
    typealias StringCall = @convention(c) (Device, UnsafeMutablePointer<CChar>, UInt32) -> UInt32
    typealias UInt64Call = @convention(c) (Device, UnsafeMutablePointer<UInt64>) -> UInt32
    typealias UInt32Call = @convention(c) (Device, UnsafeMutablePointer<UInt32>) -> UInt32
    typealias UtilizationCall = @convention(c) (Device, UnsafeMutablePointer<UInt32>) -> UInt32
    typealias ProcessesCall = @convention(c) (Device, UnsafeMutablePointer<UInt32>, UnsafeMutableRawPointer?) -> UInt32
    typealias MigHandleCall = @convention(c) (Device, UInt32, UnsafeMutablePointer<Device>) -> UInt32

    private let library: DynamicLibrary
    let initialize: VoidCall
    let shutdown: VoidCall
    let deviceCount: CountCall
    let deviceHandle: HandleCall
    let name: StringCall
    let uuid: StringCall
    let totalEnergy: UInt64Call?
    let power: UInt32Call?
    let powerLimit: UInt32Call?
    let utilization: UtilizationCall?
    /// `_v3` and `_v2` both list 24-byte records (pid, memory, GPU and compute instance: NVML's
    /// `nvmlProcessInfo_v2_t`); only the unversioned `_v1` call wrote 16-byte ones, and it is not used.
    let processes: (call: ProcessesCall, stride: Int)?
    let maxMigDevices: UInt32Call?
    let migDeviceHandle: MigHandleCall?

    /// Loads the library at `path` (by default the driver's `libnvidia-ml.so.1`).
    init(path: String) throws(NVMLUnavailable) {
        let library: DynamicLibrary
        switch DynamicLibrary.load(path) {
        case .success(let loaded): library = loaded
        case .failure(let failure): throw NVMLUnavailable(.noDriverLibrary, detail: failure.loaderMessage)
        }
        self.library = library
        func symbol<T>(_ name: String, as type: T.Type) -> T? { library.symbol(name, as: type) }
        guard let initialize = symbol("nvmlInit_v2", as: VoidCall.self),
            let shutdown = symbol("nvmlShutdown", as: VoidCall.self),
            let deviceCount = symbol("nvmlDeviceGetCount_v2", as: CountCall.self),
            let deviceHandle = symbol("nvmlDeviceGetHandleByIndex_v2", as: HandleCall.self),
            let name = symbol("nvmlDeviceGetName", as: StringCall.self),
            let uuid = symbol("nvmlDeviceGetUUID", as: StringCall.self)
        else {
            library.close()
            throw NVMLUnavailable(.incompleteLibrary, detail: path)
        }
        (self.initialize, self.shutdown, self.deviceCount, self.deviceHandle, self.name, self.uuid) =
            (initialize, shutdown, deviceCount, deviceHandle, name, uuid)
        totalEnergy = symbol("nvmlDeviceGetTotalEnergyConsumption", as: UInt64Call.self)
        power = symbol("nvmlDeviceGetPowerUsage", as: UInt32Call.self)
        powerLimit = symbol("nvmlDeviceGetPowerManagementLimit", as: UInt32Call.self)
        utilization = symbol("nvmlDeviceGetUtilizationRates", as: UtilizationCall.self)
        if let v3 = symbol("nvmlDeviceGetComputeRunningProcesses_v3", as: ProcessesCall.self) {
            processes = (v3, 24)
        } else if let v2 = symbol("nvmlDeviceGetComputeRunningProcesses_v2", as: ProcessesCall.self) {
            processes = (v2, 24)
        } else {
            processes = nil
        }
        maxMigDevices = symbol("nvmlDeviceGetMaxMigDeviceCount", as: UInt32Call.self)
        migDeviceHandle = symbol("nvmlDeviceGetMigDeviceHandleByIndex", as: MigHandleCall.self)
    }

    deinit {
        _ = shutdown()
        library.close()
    }

    /// Reads a string property (name, UUID).
    func string(_ call: StringCall, _ device: Device) -> String? {
        var buffer = [CChar](repeating: 0, count: 96)
        guard NVMLReturn(rawValue: call(device, &buffer, UInt32(buffer.count))) == .success else { return nil }
        return Self.text(buffer)
    }

    /// The text of a string property's buffer: up to its first NUL, or the whole buffer when the
    /// driver left none; bytes that are not UTF-8 become U+FFFD.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The most processes asked for when NVML says 64 are too few: its count is the driver's word,
    /// and a wrong one must not become a buffer of gigabytes.
    static let mostProcesses: UInt32 = 65_536

    /// The compute processes on a device, with the GPU memory each uses, or the NVML error.
    func computeProcesses(_ device: Device) -> Result<[GPUProcess], NVMLError> {
        guard let (call, stride) = processes else { return .failure(NVMLError(code: .functionNotFound)) }
        var count: UInt32 = 64
        var buffer = [UInt8](repeating: 0, count: Int(count) * stride)
        var code = buffer.withUnsafeMutableBytes { NVMLReturn(rawValue: call(device, &count, $0.baseAddress)) }
        if code == .insufficientSize {
            count = min(count, Self.mostProcesses)
            buffer = [UInt8](repeating: 0, count: Int(count) * stride)
            code = buffer.withUnsafeMutableBytes { NVMLReturn(rawValue: call(device, &count, $0.baseAddress)) }
        }
        guard code == .success else { return .failure(NVMLError(code: code)) }
        return .success(Self.processRecords(buffer, count: count, stride: stride))
    }

    /// The pids of `count` process records of `stride` bytes (never past the buffer's end).
    static func processIDs(_ buffer: [UInt8], count: UInt32, stride: Int) -> [Int32] {
        processRecords(buffer, count: count, stride: stride).map(\.pid)
    }

    /// NVML's "value not available", which it writes for the memory of processes it cannot see.
    static let valueNotAvailable = UInt64.max

    /// `count` process records of `stride` bytes (never past the buffer's end): every record
    /// version starts with the pid (4 bytes, then 4 of padding) and the used GPU memory (8 bytes).
    static func processRecords(_ buffer: [UInt8], count: UInt32, stride: Int) -> [GPUProcess] {
        guard stride >= 4 else { return [] }
        return (0..<min(Int(count), buffer.count / stride)).map { record in
            buffer.withUnsafeBytes { raw in
                let pid = Int32(bitPattern: raw.loadUnaligned(fromByteOffset: record * stride, as: UInt32.self))
                guard stride >= 16 else { return GPUProcess(pid: pid) }
                let memory = raw.loadUnaligned(fromByteOffset: record * stride + 8, as: UInt64.self)
                return GPUProcess(pid: pid, usedMemoryBytes: memory == valueNotAvailable ? nil : memory)
            }
        }
    }
}

/// An NVML call that failed.
public struct NVMLError: Error, Sendable, Hashable {
    public let code: NVMLReturn
}

/// Why there are no GPU readings.
public struct NVMLUnavailable: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed, to match on.
    public enum Reason: Sendable, Hashable {
        /// The driver's library is not installed: the common case on a machine without an NVIDIA GPU.
        case noDriverLibrary
        /// The library loaded but lacks the functions every NVML version has.
        case incompleteLibrary
        /// `nvmlInit` failed; ``NVMLUnavailable/code`` says how.
        case didNotStart
        /// NVML started but lists no device.
        case noDevice
    }

    public let reason: Reason
    /// The loader's words (``Reason/noDriverLibrary``) or the library's path (``Reason/incompleteLibrary``).
    public let detail: String?
    /// NVML's return code, for ``Reason/didNotStart``.
    public let code: NVMLReturn?

    init(_ reason: Reason, detail: String? = nil, code: NVMLReturn? = nil) {
        self.reason = reason
        self.detail = detail
        self.code = code
    }

    public var description: String {
        switch reason {
        case .noDriverLibrary: "no NVIDIA driver library (\(detail ?? "not found")): no GPU energy"
        case .incompleteLibrary:
            "\(detail ?? "the NVIDIA driver library") lacks the basic NVML functions: no GPU energy"
        case .didNotStart: "NVML did not start: \(code.map { "\($0)" } ?? "unknown error")"
        case .noDevice: "NVML lists no GPU"
        }
    }
}
