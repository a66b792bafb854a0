/// Training a model on a number of tokens, as published LLM reports present it: the FLOPs, the
/// device-hours they take at a share of the devices' peak, the wall-clock time on so many devices,
/// and the energy at the devices' power.
///
/// device-seconds = tokens × FLOPs per token ÷ (peak FLOP/s × utilisation); wall-clock =
/// device-seconds ÷ devices; energy = device-seconds × power per device. The facility's PUE and
/// the grid's intensity turn the energy into CO2e, as Touvron et al. 2023 and Luccioni et al. 2023 do.
public struct TrainingCompute: Sendable, Hashable {
    /// Tokens trained on (D).
    public let tokens: Double
    /// Training FLOPs per token (forward and backward), by whichever count the caller chose.
    public let flopsPerToken: Double
    /// Devices (GPUs, TPU chips) trained on.
    public let devices: Int
    /// Peak FLOP/s of one device at the precision trained in.
    public let peakFLOPS: Double
    /// Share of the peak achieved on average over the run (model FLOPs utilisation), 0…1.
    public let utilization: Double
    /// Average power of one device, watts (its TDP where nothing better is known: an upper bound).
    public let devicePower: Power

    /// Creates the inputs, each checked against ``EstimateBounds``.
    public init(
        tokens: Double, flopsPerToken: Double, devices: Int, peakFLOPS: Double, utilization: Double,
        devicePower: Power
    ) throws(InvalidInput) {
        self.tokens = try Check.positive(tokens, "tokens", atMost: EstimateBounds.samples)
        self.flopsPerToken = try Check.positive(flopsPerToken, "FLOPs per token", atMost: Self.flopsPerToken)
        self.devices = try Check.count(devices, "device count", from: 1, atMost: EstimateBounds.processors)
        self.peakFLOPS = try Check.positive(peakFLOPS, "FLOP/s per device", atMost: EstimateBounds.flopsPerSecond)
        self.utilization = try Check.fraction(utilization, "utilization")
        guard utilization >= EstimateBounds.leastUtilization else {
            throw InvalidInput(
                .outOfBounds, subject: "utilization",
                "must be at least \(EstimateBounds.leastUtilization) to turn FLOPs into time; "
                    + "got \(Format.significant(utilization))")
        }
        self.devicePower = Power(
            watts: try Check.positive(devicePower.watts, "watts per device", atMost: EstimateBounds.processorWatts))
    }

    /// The most training FLOPs per token a model may need: 10¹⁷, six per parameter of a model with
    /// 2⁵³ parameters (the count limit) and then some.
    public static let flopsPerToken = 1e17

    /// Training FLOPs: tokens × FLOPs per token.
    public var flops: Double { tokens * flopsPerToken }
    /// The same amount in petaflop/s-days.
    public var petaflopSecondDays: Double { flops / ComputeEstimate.flopsPerPetaflopSecondDay }
    /// Device time: FLOPs ÷ (peak × utilisation).
    public var deviceTime: Duration { .seconds(flops / (peakFLOPS * utilization)) }
    /// Device-hours (GPU-hours), the figure reports tabulate.
    public var deviceHours: Double { deviceTime.seconds / 3600 }
    /// Wall-clock time with every device busy.
    public var wallClock: Duration { .seconds(deviceTime.seconds / Double(devices)) }
    /// Energy at the devices: device time × power per device (before the facility's PUE).
    public var deviceEnergy: Energy { devicePower * deviceTime }
}
