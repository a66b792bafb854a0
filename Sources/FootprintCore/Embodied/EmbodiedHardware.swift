/// What `--hardware` names for embodied emissions: a device of the embodied table (a GPU of the BLOOM
/// study, a server, a desktop or laptop) or an accelerator of the hardware catalog.
public enum EmbodiedHardware: Sendable, Hashable {
    case device(EmbodiedDevice)
    case accelerator(Accelerator)
}

extension EmbodiedCatalog {
    /// The device or accelerator `query` names: the embodied table first (its names are generic:
    /// "laptop", "server"), then the hardware catalog's accelerators.
    /// - Throws: ``UnknownHardware`` with the closest names of both.
    public func hardware(
        _ query: String, in hardware: HardwareCatalog = .bundled
    ) throws(UnknownHardware)
        -> EmbodiedHardware
    {
        if let device = device(query) { return .device(device) }
        do {
            return .accelerator(try hardware.accelerator(query))
        } catch {
            let needle = HardwareCatalog.acceleratorKey(query)
            let near =
                needle.isEmpty
                ? []
                : devices.compactMap { device -> (Int, String)? in
                    let keys = [device.id, device.name] + device.aliases
                    return keys.compactMap {
                        ClosestMatch.suggestionDistance(needle, HardwareCatalog.acceleratorKey($0))
                    }
                    .min().map { ($0, device.id) }
                }
            let names = near.sorted { $0 < $1 }.map(\.1) + error.suggestions
            throw UnknownHardware(query: query, suggestions: Array(names.prefix(3)))
        }
    }
}

extension EmbodiedEstimate {
    /// The share of the hardware a run used: each of its `gpus` accelerators and the `machine` it ran
    /// on (nil: none counted), for `seconds`.
    public init(
        gpus: Int, accelerator: EmbodiedDevice, machine: EmbodiedDevice?, seconds: Double
    )
        throws(InvalidInput)
    {
        let hours = max(seconds, 0) / 3_600
        try self.init(
            accelerators: gpus > 0 ? Part(device: accelerator, count: gpus, hours: hours) : nil,
            servers: machine.map { Part(device: $0, count: 1, hours: hours) })
    }
}

extension EmbodiedCatalog {
    /// The machine a run is taken to have run on when not told: the BLOOM study's GPU server when the
    /// run saw GPUs, else Boavizta's generic rack server.
    public func defaultMachine(hasGPUs: Bool) -> EmbodiedDevice {
        hasGPUs ? defaultServer : (device("server") ?? defaultServer)
    }
}
