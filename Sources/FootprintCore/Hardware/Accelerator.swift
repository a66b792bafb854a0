/// A GPU, TPU or other ML accelerator with its datasheet figures.
public struct Accelerator: Sendable, Hashable, Codable {
    /// The kind of processor.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A graphics processor.
        case gpu
        /// A Google Tensor Processing Unit.
        case tpu
        /// Another dedicated deep-learning accelerator (Intel Gaudi).
        case npu
    }

    /// A short stable identifier, e.g. `a100-sxm4-80gb`.
    public var id: String
    /// The marketing name, e.g. "NVIDIA A100 SXM4 80GB".
    public var name: String
    /// Other names that find it, including the names NVML reports.
    public var aliases: [String]
    /// GPU or TPU.
    public var kind: Kind
    /// The maker.
    public var vendor: String
    /// Year of release.
    public var year: Int
    /// Thermal design power (board power for GPUs).
    public var tdp: Power
    /// Measured average power in production, where published (Google's TPUs).
    public var averagePower: Power?
    /// Memory in GB.
    public var memoryGigabytes: Double
    /// Dense peak throughput in FLOP/s per precision; absent where undefined or unpublished.
    public var peakFLOPS: [Precision: Double]
    /// The datasheet or paper the figures come from.
    public var source: String
    /// What a reader should know about the figures.
    public var note: String

    /// The dense peak FLOP/s at `precision`, if defined for this accelerator.
    public func peak(_ precision: Precision) -> Double? { peakFLOPS[precision] }

    /// Peak FLOP/s per watt of TDP at `precision`.
    public func efficiency(_ precision: Precision) -> Double? {
        peak(precision).map { $0 / tdp.watts }
    }
}
