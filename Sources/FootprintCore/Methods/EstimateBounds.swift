/// The plausible range of every figure an estimate takes, so that a typo (`1e308` for `1e3`)
/// is refused by name instead of turning into "∞ MWh". Each bound is generous, well past the
/// largest published training run, and documented in the options' help and the README.
public enum EstimateBounds {
    /// Run time, hours: up to 1,000,000 h (114 years of one machine; Strubell et al. 2019 report
    /// 274,120 hours for a neural architecture search, counted as machine-hours).
    public static let hours = 1_000_000.0
    /// Processors, cores or GPUs in one estimate: up to 10 million.
    public static let processors = 10_000_000
    /// Average power of one processor (GPU, TPU, core, accelerator system), watts: up to 100 kW.
    public static let processorWatts = 100_000.0
    /// Power of one machine's CPUs or memory, watts (Strubell et al.'s parts): up to 100 kW.
    public static let machineWatts = 100_000.0
    /// Total power of everything in one estimate, watts: up to 1 GW.
    public static let totalWatts = 1e9
    /// Memory, GB: up to 10,000,000 GB (10 PB).
    public static let memoryGigabytes = 1e7
    /// Memory power, watts per GB: up to 10.
    public static let memoryWattsPerGigabyte = 10.0
    /// Green Algorithms' pragmatic scaling factor (how many times a job ran): up to 1,000,000.
    public static let scalingFactor = 1e6
    /// Peak FLOP/s of one processor: up to 10¹⁸ (an exaFLOP/s).
    public static let flopsPerSecond = 1e18
    /// FLOPs of one inference: up to 10¹⁸.
    public static let inferenceFLOPs = 1e18
    /// Energy of one inference at the machines, joules: up to 10 MJ (2.8 kWh).
    public static let inferenceJoules = 1e7
    /// Training samples per epoch (D): up to 10¹⁵ (tokens count as samples).
    public static let samples = 1e15
    /// Epochs (E): up to 1,000,000.
    public static let epochs = 1e6
    /// Tuning runs in architecture search (H): up to 1,000,000.
    public static let tuningRuns = 1_000_000
    /// Inferences over a model's life (e): up to 10¹⁸.
    public static let inferences = 1e18
    /// β, training energy per sample-epoch over inference energy: 1 to 1,000.
    public static let overhead = 1_000.0
    /// The least share of peak FLOP/s that a FLOP-based inference energy takes: 0.0001 (0.01 %);
    /// below it the time, and so the energy, of one inference grows without bound.
    public static let leastUtilization = 1e-4

    /// Refuses results that are not finite numbers: bounded inputs keep them finite, and this is
    /// the guard that says so before anything is printed, should a combination still overflow.
    public static func requireFinite(_ values: [Double], in what: String) throws(InvalidInput) {
        guard values.allSatisfy(\.isFinite) else {
            throw InvalidInput(
                .notFinite, "the \(what) is not a finite number: the inputs are too large together; check their units")
        }
    }
}

extension Check {
    /// A finite number > 0 and ≤ `maximum`.
    static func positive(_ value: Double, _ name: String, atMost maximum: Double) throws(InvalidInput) -> Double {
        guard value.isFinite, value > 0, value <= maximum else {
            throw InvalidInput(
                .outOfBounds, subject: name,
                "must be a number greater than 0 and at most \(Format.significant(maximum, digits: 6)); "
                    + "got \(Format.significant(value))")
        }
        return value
    }

    /// A finite number ≥ 0 and ≤ `maximum`.
    static func nonNegative(_ value: Double, _ name: String, atMost maximum: Double) throws(InvalidInput) -> Double {
        guard value.isFinite, value >= 0, value <= maximum else {
            throw InvalidInput(
                .outOfBounds, subject: name,
                "must be a number from 0 to \(Format.significant(maximum, digits: 6)); "
                    + "got \(Format.significant(value))")
        }
        return value
    }

    /// A whole number from `minimum` to `maximum`.
    static func count(_ value: Int, _ name: String, from minimum: Int, atMost maximum: Int) throws(InvalidInput) -> Int
    {
        guard value >= minimum, value <= maximum else {
            throw InvalidInput(
                .outOfBounds, subject: name,
                "must be a whole number from \(minimum) to \(Format.fixed(Double(maximum), decimals: 0)); "
                    + "got \(value)")
        }
        return value
    }
}
