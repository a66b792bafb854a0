/// An `nvmlReturn_t` code, with the names of the NVML headers.
public struct NVMLReturn: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let success = NVMLReturn(rawValue: 0)
    public static let uninitialized = NVMLReturn(rawValue: 1)
    public static let invalidArgument = NVMLReturn(rawValue: 2)
    public static let notSupported = NVMLReturn(rawValue: 3)
    public static let noPermission = NVMLReturn(rawValue: 4)
    public static let alreadyInitialized = NVMLReturn(rawValue: 5)
    public static let notFound = NVMLReturn(rawValue: 6)
    public static let insufficientSize = NVMLReturn(rawValue: 7)
    public static let driverNotLoaded = NVMLReturn(rawValue: 9)
    public static let timeout = NVMLReturn(rawValue: 10)
    public static let libraryNotFound = NVMLReturn(rawValue: 12)
    public static let functionNotFound = NVMLReturn(rawValue: 13)
    public static let gpuIsLost = NVMLReturn(rawValue: 15)
    public static let resetRequired = NVMLReturn(rawValue: 16)
    public static let noData = NVMLReturn(rawValue: 21)
    public static let unknown = NVMLReturn(rawValue: 999)

    /// Whether the device is gone for good: stop reading it.
    public var isFatalForDevice: Bool { self == .gpuIsLost || self == .resetRequired }

    public var description: String {
        switch self {
        case .success: "success"
        case .uninitialized: "NVML not initialized"
        case .invalidArgument: "invalid argument"
        case .notSupported: "not supported on this device"
        case .noPermission: "no permission"
        case .notFound: "not found"
        case .insufficientSize: "buffer too small"
        case .driverNotLoaded: "NVIDIA driver not loaded"
        case .timeout: "timeout"
        case .gpuIsLost: "GPU is lost"
        case .resetRequired: "GPU needs a reset"
        case .noData: "no data"
        default: "NVML error \(rawValue)"
        }
    }
}
