import ArgumentParser
import FootprintCore
import FootprintModels

extension Estimate.Compute {
    /// Which training FLOPs per token `--model` takes.
    enum FLOPCount: String, ExpressibleByArgument, CaseIterable, Encodable {
        /// 3 × the forward FLOPs counted at the context, attention over it included.
        case exact
        /// 6 × the parameters a token uses (Kaplan et al. 2020), attention left out.
        case sixND = "6nd"

        var label: String {
            switch self {
            case .exact: "exact: 3 × forward"
            case .sixND: "6·N·D: 6 × parameters"
            }
        }
    }

    /// `estimate compute --model … --tokens …`'s JSON.
    struct ModelOutput: Encodable {
        var model: String
        var parameters: Int
        var activeParameters: Int
        var context: String
        var partial: Bool
        var tokens: Double
        var flopCount: FLOPCount
        var flopsPerToken: Double
        var flops: Double
        var flopsExact: Double
        var flops6ND: Double
        var pfSDays: Double
        var devices: Int
        var hardware: String?
        var precision: String
        var flopsPerSecond: Double
        var utilization: Double
        var deviceHours: Double
        var wallClockHours: Double
        var powerWatts: Double?
        var powerSource: String?
        var deviceEnergyKWh: Double?
        var energyKWh: Double?
        var pue: Double?
        var co2eKg: Double?
        var location: ResolvedLocation?

        enum CodingKeys: String, CodingKey {
            case model, parameters, context, partial, tokens, flops, devices, hardware, precision, utilization, pue
            case location
            case activeParameters = "active_parameters", flopCount = "flop_count", flopsPerToken = "flops_per_token"
            case flopsExact = "flops_exact", flops6ND = "flops_6nd", pfSDays = "pf_s_days"
            case flopsPerSecond = "flops_per_second", deviceHours = "device_hours"
            case wallClockHours = "wall_clock_hours", powerWatts = "power_watts", powerSource = "power_source"
            case deviceEnergyKWh = "device_energy_kwh", energyKWh = "energy_kwh", co2eKg = "co2e_kg"
        }
    }

    /// Training `path`'s model on `--tokens` tokens: FLOPs, device-hours, wall-clock, energy, CO2e.
    func runModel(_ path: String) throws {
        let timeFlags = [("--hours", hours != nil), ("--days", days != nil)]
        if let given = timeFlags.first(where: \.1)?.0 {
            throw InvalidInput(
                "\(given) does not go with --model: the time follows from --tokens; give one or the other")
        }
        guard let tokens else { throw InvalidInput("--model needs --tokens, the number of tokens to train on") }
        let count = try modelOptions.load(path).count
        guard let sixN = count.sixNFLOPsPerToken else {
            throw InvalidInput(
                "\(count.name) is counted per \(count.unit.rawValue), not per token; --model with --tokens takes a "
                    + "language model (a Hugging Face config.json); use `estimate lifecycle --model` for it")
        }
        let chosen = flopCount ?? .exact
        let precision = try Precision.flag(precision ?? "bf16")
        let (peak, accelerator) = try peak(precision: precision)
        let devicePower: Power? = power.map { Power(watts: $0) } ?? accelerator?.tdp
        if devicePower == nil, let given = carbonFlags.first(where: \.1)?.0 {
            throw InvalidInput(
                "\(given) needs --hardware or --power: without a device's power only compute is estimated, "
                    + "no energy or CO2e")
        }
        let training: TrainingCompute
        do {
            training = try TrainingCompute(
                tokens: tokens, flopsPerToken: chosen == .exact ? count.trainingFLOPs : sixN, devices: processors,
                peakFLOPS: peak, utilization: utilization, devicePower: devicePower ?? Power(watts: 1))
        } catch {
            throw error.naming(flag(for: error.subject))
        }
        var output = ModelOutput(
            model: count.name, parameters: count.parameters, activeParameters: count.activeParameters,
            context: count.input, partial: count.isPartial, tokens: tokens, flopCount: chosen,
            flopsPerToken: training.flopsPerToken, flops: training.flops, flopsExact: tokens * count.trainingFLOPs,
            flops6ND: tokens * sixN, pfSDays: training.petaflopSecondDays, devices: processors,
            hardware: accelerator?.name, precision: precision.rawValue, flopsPerSecond: peak,
            utilization: utilization, deviceHours: training.deviceHours, wallClockHours: training.wallClock.hours)
        var lines = [
            Terminal.bold(
                "Training \(count.name)\(count.isPartial ? " (partial)" : "") on \(Format.significant(tokens)) tokens"),
            "  FLOPs         \(Format.significant(training.flops)) (\(Format.significant(training.flopsPerToken)) per token, \(chosen.label)"
                + (chosen == .exact ? " at \(count.input))" : ")"),
            "  other count   \(Format.significant(chosen == .exact ? output.flops6ND : output.flopsExact)) by "
                + (chosen == .exact ? FLOPCount.sixND.label : FLOPCount.exact.label + " at " + count.input),
            "  PF/s-days     \(Format.significant(training.petaflopSecondDays))",
            "  device-hours  \(Format.fixed(training.deviceHours, decimals: 0)) at \(Format.significant(peak)) FLOP/s "
                + "× \(Format.significant(utilization)) utilization"
                + (accelerator.map { " (\($0.name), \(precision == .fp16 ? "fp16/bf16" : precision.rawValue))" } ?? ""),
            "  wall-clock    \(Format.significant(training.wallClock.hours / 24)) days on "
                + "\(Format.fixed(Double(processors), decimals: 0)) devices"
        ]
        if let devicePower {
            let facility = try carbon.facility(fallback: .dataCentreAverage)
            let location = try carbon.location(fallback: .worldAverage)
            let energy = facility.pue.facilityEnergy(training.deviceEnergy)
            let emissions = location.intensity.emissions(for: energy)
            output.powerWatts = devicePower.watts
            output.powerSource = power == nil ? "tdp" : "given"
            output.deviceEnergyKWh = training.deviceEnergy.kilowattHours
            output.energyKWh = energy.kilowattHours
            output.pue = facility.pue.value
            output.co2eKg = emissions.kilograms
            output.location = location
            lines += [
                "  power         \(devicePower) per device" + (power == nil ? " (TDP: an upper bound)" : ""),
                "  energy        \(energy) at the facility (\(training.deviceEnergy) at the devices × PUE "
                    + "\(Format.significant(facility.pue.value)))",
                "  CO2e          \(emissions)",
                "  grid          \(location.label)"
            ]
        }
        if count.isPartial {
            lines.append(
                "  partial       not counted: " + count.uncounted.map(\.name).joined(separator: ", ")
                    + "; every figure is a lower bound")
        }
        try EstimateBounds.requireFinite(
            [output.flops, output.deviceHours, output.energyKWh ?? 0, output.co2eKg ?? 0], in: "compute estimate")
        if json { return try JSONOutput.print(output) }
        print(lines.joined(separator: "\n"))
    }

    /// The place and PUE flags given.
    var carbonFlags: [(String, Bool)] {
        [
            ("--region", carbon.region != nil), ("--country", carbon.country != nil), ("--cloud", carbon.cloud != nil),
            ("--intensity", carbon.intensity != nil), ("--pue", carbon.pue != nil)
        ]
    }

    /// The flag a ``TrainingCompute`` input is given by.
    func flag(for subject: String?) -> String {
        switch subject {
        case "tokens": "--tokens"
        case "device count": "--count"
        case "FLOP/s per device": "--flops-per-second"
        case "utilization": "--utilization"
        case "watts per device": "--power"
        default: subject ?? ""
        }
    }
}
