import FootprintCore

/// Terminal lines for embodied emissions and water, shown beside an energy's CO2e and never added to it.
enum EmbodiedOutput {
    /// "  embodied   11.2 t CO2e …" then one line per part with its workings and source.
    static func lines(_ estimate: EmbodiedEstimate, besideOperational: Bool = false) -> [String] {
        let aside = besideOperational ? " (making the hardware, amortised; not in the CO2e above)" : ""
        var lines = ["  embodied   \(estimate.emissions)\(aside)"]
        for part in [estimate.accelerators, estimate.servers].compactMap({ $0 }) {
            let name =
                switch part.device.kind {
                case .accelerator: "accelerators"
                case .server: "servers"
                case .machine: "machines"
                }
            lines.append(
                "    \(name.padding(toLength: 13, withPad: " ", startingAt: 0))\(part.emissions) = \(part.workings)")
            lines.append(Terminal.dim("                 \(part.device.name): \(part.device.source)"))
        }
        if estimate.accelerators == nil && estimate.servers == nil {
            lines.append(Terminal.dim("    no accelerators or machines counted"))
        }
        return lines
    }

    /// "  water      1,230 L (WUE 0.3 L/kWh × 4,100 kWh of IT energy) — source".
    static func lines(_ water: WaterUse, itEnergy: Energy) -> [String] {
        [
            "  water      \(Format.significant(water.litres)) L (WUE \(Format.significant(water.litresPerKilowattHour)) "
                + "L/kWh × \(itEnergy) of IT energy)",
            Terminal.dim("             \(water.source)")
        ]
    }
}
