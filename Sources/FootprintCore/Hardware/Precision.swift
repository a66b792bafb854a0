/// A numeric precision at which an accelerator's peak throughput is quoted.
public enum Precision: String, Sendable, Hashable, Codable, CaseIterable {
    /// IEEE single precision on general-purpose cores (CUDA cores, vector units).
    case fp32
    /// NVIDIA TensorFloat-32 on tensor cores (also AMD's TF32 on MI300).
    case tf32
    /// Half precision, fp16 or bf16, on tensor or matrix units with dense operands.
    case fp16
    /// 8-bit floating point (E4M3/E5M2) on tensor units, where the hardware defines it.
    case fp8

    /// Parses a precision name; `bf16`, `half` and `float32` are accepted spellings.
    public init?(name: String) {
        switch name.lowercased() {
        case "fp32", "float32", "float", "single": self = .fp32
        case "tf32": self = .tf32
        case "fp16", "bf16", "float16", "bfloat16", "half": self = .fp16
        case "fp8", "float8": self = .fp8
        default: return nil
        }
    }

    /// Parses a precision name as ``init(name:)`` does, saying which names there are when it is none.
    public init(parsing name: String) throws(UnknownPrecision) {
        guard let precision = Precision(name: name) else { throw UnknownPrecision(name: name) }
        self = precision
    }

    /// Bytes per value, for memory estimates (tf32 is stored as fp32).
    public var bytes: Int {
        switch self {
        case .fp32, .tf32: 4
        case .fp16: 2
        case .fp8: 1
        }
    }
}

extension Precision {
    /// The precisions `accelerator` has a published peak for, in ``allCases`` order.
    public static func published(by accelerator: Accelerator) -> [Precision] {
        allCases.filter { accelerator.peak($0) != nil }
    }
}

/// A precision name that is none of fp32, tf32, fp16 (bf16) or fp8 and their spellings.
public struct UnknownPrecision: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name as given.
    public let name: String

    /// "must be fp32, tf32, fp16, bf16 or fp8; got 'x'", for a message that names the setting first.
    public var description: String { "must be fp32, tf32, fp16, bf16 or fp8; got '\(name)'" }
}
