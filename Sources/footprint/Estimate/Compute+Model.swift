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

    /// `estimate compute --model … --tokens …` (or `--samples …`)'s JSON: the token keys for a
    /// language model, the sample keys for a model counted per sample.
    struct ModelOutput: Encodable {
        var model: String
        var parameters: Int
        var activeParameters: Int
        var context: String
        var partial: Bool
        var tokens: Double?
        var samples: Double?
        var flopCount: FLOPCount
        var flopsPerToken: Double?
        var flopsPerSample: Double?
        var flops: Double
        var flopsExact: Double
        var flops6ND: Double?
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
            case model, parameters, context, partial, tokens, samples, flops, devices, hardware, precision, utilization
            case pue
            case location
            case activeParameters = "active_parameters", flopCount = "flop_count", flopsPerToken = "flops_per_token"
            case flopsPerSample = "flops_per_sample"
            case flopsExact = "flops_exact", flops6ND = "flops_6nd", pfSDays = "pf_s_days"
            case flopsPerSecond = "flops_per_second", deviceHours = "device_hours"
            case wallClockHours = "wall_clock_hours", powerWatts = "power_watts", powerSource = "power_source"
            case deviceEnergyKWh = "device_energy_kwh", energyKWh = "energy_kwh", co2eKg = "co2e_kg"
        }
    }

    /// Training `path`'s model on `--tokens` tokens (a language model) or `--samples` samples (a
    /// model counted per sample): FLOPs, device-hours, wall-clock, energy, CO2e.
    func runModel(_ path: String) throws {
        let timeFlags = [("--hours", hours != nil), ("--days", days != nil)]
        if let given = timeFlags.first(where: \.1)?.0 {
            throw InvalidInput(
                "\(given) does not go with --model: the time follows from --tokens or --samples; give one or the other")
        }
        let count = try modelOptions.load(path).count
        let perToken = count.unit == .token
        let amount: Double
        switch (perToken, tokens, samples) {
        case (true, let given?, nil), (false, nil, let given?): amount = given
        case (true, _, _):
            throw InvalidInput(
                "\(count.name) is a language model counted per token: give --tokens, the tokens to train on"
                    + (samples != nil ? ", not --samples" : ""))
        case (false, _, _):
            throw InvalidInput(
                "\(count.name) is counted per sample: give --samples, the samples to train on × epochs"
                    + (tokens != nil ? ", not --tokens" : ""))
        }
        let sixN = count.sixNFLOPsPerToken
        if flopCount == .sixND, sixN == nil {
            throw InvalidInput(
                "--flop-count 6nd is for language models counted per token; \(count.name) is counted exactly")
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
                tokens: amount, flopsPerToken: chosen == .exact ? count.trainingFLOPs : sixN ?? count.trainingFLOPs,
                devices: processors,
                peakFLOPS: peak, utilization: utilization, devicePower: devicePower ?? Power(watts: 1))
        } catch {
            throw error.naming(error.subject == "tokens" && !perToken ? "--samples" : flag(for: error.subject))
        }
        var output = ModelOutput(
            model: count.name, parameters: count.parameters, activeParameters: count.activeParameters,
            context: count.input, partial: count.isPartial, tokens: perToken ? amount : nil,
            samples: perToken ? nil : amount, flopCount: chosen, flopsPerToken: perToken ? training.flopsPerToken : nil,
            flopsPerSample: perToken ? nil : training.flopsPerToken, flops: training.flops,
            flopsExact: amount * count.trainingFLOPs, flops6ND: sixN.map { amount * $0 },
            pfSDays: training.petaflopSecondDays, devices: processors,
            hardware: accelerator?.name, precision: precision.rawValue, flopsPerSecond: peak,
            utilization: utilization, deviceHours: training.deviceHours, wallClockHours: training.wallClock.hours)
        let unit = perToken ? "token" : "sample"
        var lines = [
            Terminal.bold(
                "Training \(count.name)\(count.isPartial ? " (partial)" : "") on \(Format.significant(amount)) \(unit)s"
            ),
            "  FLOPs         \(Format.significant(training.flops)) (\(Format.significant(training.flopsPerToken)) per "
                + "\(unit), \(chosen.label)" + (chosen == .exact ? " at \(count.input))" : ")")
        ]
        if let flops6ND = output.flops6ND {
            lines.append(
                "  other count   \(Format.significant(chosen == .exact ? flops6ND : output.flopsExact)) by "
                    + (chosen == .exact ? FLOPCount.sixND.label : FLOPCount.exact.label + " at " + count.input))
        }
        lines += [
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
