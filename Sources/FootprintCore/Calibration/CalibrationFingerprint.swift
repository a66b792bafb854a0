/// What a calibration was measured on: a calibration speaks only for the same processor, engine,
/// device, BLAS and thread count.
public struct CalibrationFingerprint: Sendable, Hashable, Codable {
    /// The CPU's model name ("unknown CPU" where the kernel gives none).
    public var cpuModel: String
    public var logicalCPUs: Int
    /// GPU names, one per device; empty without GPUs.
    public var gpus: [String]
    /// The engine that ran the work: "lab" or "pytorch".
    public var engine: String
    /// "cpu" or "cuda".
    public var device: String
    /// The lab's GEMM back end ("openblas", "builtin"), or PyTorch's version; nil where unknown.
    public var blas: String?
    /// Threads the engine computed with.
    public var threads: Int
    /// The machine's name, for the reader; not compared (a calibration carries over to an
    /// identical machine).
    public var host: String?

    public init(
        cpuModel: String, logicalCPUs: Int, gpus: [String], engine: String, device: String, blas: String?,
        threads: Int, host: String? = nil
    ) {
        self.cpuModel = cpuModel
        self.logicalCPUs = logicalCPUs
        self.gpus = gpus
        self.engine = engine
        self.device = device
        self.blas = blas
        self.threads = threads
        self.host = host
    }

    /// The machine's part only: what `estimate` can compare without knowing the engine to be used.
    public struct Comparison: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let machine = Comparison(rawValue: 1)
        public static let engine = Comparison(rawValue: 2)
        public static let all: Comparison = [.machine, .engine]
    }

    /// How `other` (this machine now) differs from the calibration's, one phrase per difference:
    /// "CPU: calibrated on Intel Xeon …, this machine has AMD EPYC …". Empty when they match.
    public func differences(from other: CalibrationFingerprint, comparing: Comparison = .all) -> [String] {
        var found: [String] = []
        func compare(_ what: String, _ mine: String, _ theirs: String) {
            if mine != theirs { found.append("\(what): calibrated with \(mine), here \(theirs)") }
        }
        if comparing.contains(.machine) {
            compare("CPU", cpuModel, other.cpuModel)
            compare("logical CPUs", "\(logicalCPUs)", "\(other.logicalCPUs)")
            compare(
                "GPUs", gpus.isEmpty ? "none" : gpus.joined(separator: ", "),
                other.gpus.isEmpty ? "none" : other.gpus.joined(separator: ", "))
        }
        if comparing.contains(.engine) {
            compare("engine", engine, other.engine)
            compare("device", device, other.device)
            compare("BLAS", blas ?? "unknown", other.blas ?? "unknown")
            compare("threads", "\(threads)", "\(other.threads)")
        }
        return found
    }

    /// A file name for the default location: the CPU, cores, engine and device, in safe characters.
    public var slug: String {
        let raw = "\(cpuModel)-\(logicalCPUs)cpu-\(engine)-\(device)-\(threads)t"
        var slug = ""
        for scalar in raw.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        return String(slug.prefix(120))
    }

    enum CodingKeys: String, CodingKey {
        case gpus, engine, device, blas, threads, host
        case cpuModel = "cpu_model", logicalCPUs = "logical_cpus"
    }
}
