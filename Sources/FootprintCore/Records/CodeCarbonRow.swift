/// What a row of CodeCarbon's `emissions.csv` says about a run. A live run (`footprint run --csv`)
/// and a ledger run (`footprint runs export --format codecarbon`) both fill one, so that one
/// builder writes the row and the same run reads the same either way.
public struct CodeCarbonRun: Sendable {
    /// Seconds since 1970 for the `timestamp` column: when the row is written, as CodeCarbon does.
    public var timestamp: Double
    public var project: String?
    public var runID: String
    public var name: String
    public var duration: Double
    /// IT energy by component, before PUE.
    public var components: [Component: Energy]
    public var pue: Double
    /// Facility energy and its emissions.
    public var energy: Energy
    public var emissions: CarbonMass
    public var locationCode: String?
    public var scope: Scope
    public var cpuModel: String?
    public var gpuNames: [String]
    /// Nil leaves the machine columns empty (runs recorded before the ledger kept them).
    public var machine: MachineUsage?

    public init(
        timestamp: Double, project: String?, runID: String, name: String, duration: Double,
        components: [Component: Energy], pue: Double, energy: Energy, emissions: CarbonMass,
        locationCode: String?, scope: Scope, cpuModel: String?, gpuNames: [String], machine: MachineUsage?
    ) {
        self.timestamp = timestamp
        self.project = project
        self.runID = runID
        self.name = name
        self.duration = duration
        self.components = components
        self.pue = pue
        self.energy = energy
        self.emissions = emissions
        self.locationCode = locationCode
        self.scope = scope
        self.cpuModel = cpuModel
        self.gpuNames = gpuNames
        self.machine = machine
    }
}

extension CodeCarbonFormat {
    /// A run's values by column, in CodeCarbon's units (s, kg, kg/s, W, kWh, GB, percent); energy
    /// columns include PUE as CodeCarbon's do. What footprint does not know (Python and CodeCarbon
    /// versions, coordinates) stays empty.
    public static func values(_ run: CodeCarbonRun, catalog: GridCatalog = .bundled) -> [String: String] {
        let duration = run.duration
        let itEnergy = { (c: Component) in run.components[c] ?? .zero }
        let power = { (c: Component) -> Double in duration > 0 ? itEnergy(c).joules / duration : 0 }
        let kWh = { (c: Component) -> Double in (itEnergy(c) * run.pue).kilowattHours }
        let place = Place(run.locationCode, catalog: catalog)
        let number = { (value: Double) -> String in value.isFinite ? "\(value)" : "" }
        var values = [
            "timestamp": Timestamp.localNoZone(run.timestamp),
            "project_name": run.project ?? "codecarbon",
            "run_id": run.runID,
            "experiment_id": run.name,
            "duration": number(duration),
            "emissions": number(run.emissions.kilograms),
            "emissions_rate": number(duration > 0 ? run.emissions.kilograms / duration : 0),
            "cpu_power": number(power(.cpu)), "gpu_power": number(power(.gpu)), "ram_power": number(power(.ram)),
            "cpu_energy": number(kWh(.cpu)), "gpu_energy": number(kWh(.gpu)), "ram_energy": number(kWh(.ram)),
            "energy_consumed": number(run.energy.kilowattHours),
            "water_consumed": "0.0",
            "country_name": place.country, "country_iso_code": place.iso, "region": place.region,
            "cloud_provider": place.provider, "cloud_region": place.cloudRegion,
            "python_version": "", "codecarbon_version": "",
            "cpu_model": run.cpuModel ?? "",
            "gpu_count": "\(run.gpuNames.count)",
            "gpu_model": run.gpuNames.first.map { "\(run.gpuNames.count) x \($0)" } ?? "",
            "longitude": "", "latitude": "",
            "tracking_mode": run.scope.rawValue,
            "on_cloud": place.provider.isEmpty ? "N" : "Y",
            "pue": number(run.pue),
            "wue": "0.0"
        ]
        if let machine = run.machine {
            let ramGB = Double(machine.memoryTotalBytes) / 1e9, usedGB = machine.meanMemoryUsedBytes / 1e9
            values["os"] = machine.operatingSystem
            values["cpu_count"] = "\(machine.logicalCPUs)"
            values["ram_total_size"] = number(ramGB)
            values["cpu_utilization_percent"] = number(machine.meanCPUUtilization * 100)
            values["gpu_utilization_percent"] = number(machine.meanGPUUtilization ?? 0)
            values["ram_utilization_percent"] = number(ramGB > 0 ? usedGB / ramGB * 100 : 0)
            values["ram_used_gb"] = number(usedGB)
        }
        return values
    }

    /// CodeCarbon's place columns for a location code: a country, a cloud region (provider and
    /// region, with its country), or a sub-national zone (region, with its country).
    struct Place {
        var country = "", iso = "", region = "", provider = "", cloudRegion = ""

        init(_ code: String?, catalog: GridCatalog) {
            guard let code, let found = try? catalog.region(code) else { return }
            switch found.kind {
            case .country:
                (country, iso) = (found.name, found.aliases.first ?? found.code)
                return
            case .cloudRegion:
                let parts = found.code.split(separator: ":", maxSplits: 1).map(String.init)
                provider = parts.first ?? ""
                cloudRegion = parts.count > 1 ? parts[1] : ""
            case .worldAverage:
                country = "World"
                return
            default:
                region = found.name.lowercased()
            }
            if let parent = found.country, let country = try? catalog.region(parent) {
                (self.country, iso) = (country.name, country.aliases.first ?? country.code)
            }
        }
    }
}
