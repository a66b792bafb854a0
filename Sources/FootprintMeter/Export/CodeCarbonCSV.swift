import FootprintCore
import Foundation

/// A run as a row of CodeCarbon 3.x's `emissions.csv`: the same columns in the same order and the
/// same units (seconds, kg CO2e, kg/s, W, kWh, L, GB), so that tools reading CodeCarbon's files
/// read footprint's.
public enum CodeCarbonCSV {
    /// CodeCarbon 3.x's columns, in its order.
    public static var columns: [String] { CodeCarbonFormat.columns }

    /// The header line.
    public static var header: String { CodeCarbonFormat.header }

    /// The values of a run, by column.
    public static func values(_ s: RunSummary, catalog: GridCatalog = .bundled, now: Double = Timestamp.now()) -> [String: String] {
        let duration = s.duration
        let power = { (c: Component) -> Double in
            duration > 0 ? (s.components[c]?.energy.joules ?? 0) / duration : 0
        }
        let kWh = { (c: Component) -> Double in s.pue.facilityEnergy(s.components[c]?.energy ?? .zero).kilowattHours }
        var place = (country: "", iso: "", region: "", provider: "", cloudRegion: "")
        if let code = s.location.code, let region = try? catalog.region(code) {
            switch region.kind {
            case .country:
                place.country = region.name
                place.iso = region.aliases.first ?? region.code
            case .cloudRegion:
                let parts = region.code.split(separator: ":", maxSplits: 1).map(String.init)
                place.provider = parts.first ?? ""
                place.cloudRegion = parts.count > 1 ? parts[1] : ""
                if let country = region.country, let found = try? catalog.region(country) {
                    place.country = found.name
                    place.iso = found.aliases.first ?? found.code
                }
            case .worldAverage:
                place.country = "World"
            default:
                place.region = region.name.lowercased()
                if let country = region.country, let found = try? catalog.region(country) {
                    place.country = found.name
                    place.iso = found.aliases.first ?? found.code
                }
            }
        }
        let ramGB = Double(s.machine.memoryTotalBytes) / 1e9
        let usedGB = s.machine.meanMemoryUsedBytes / 1e9
        let number = { (value: Double) -> String in value.isFinite ? "\(value)" : "" }
        return [
            "timestamp": Timestamp.localNoZone(now),
            "project_name": s.project ?? "codecarbon",
            "run_id": s.runID,
            "experiment_id": s.name,
            "duration": number(duration),
            "emissions": number(s.emissions.kilograms),
            "emissions_rate": number(duration > 0 ? s.emissions.kilograms / duration : 0),
            "cpu_power": number(power(.cpu)), "gpu_power": number(power(.gpu)), "ram_power": number(power(.ram)),
            "cpu_energy": number(kWh(.cpu)), "gpu_energy": number(kWh(.gpu)), "ram_energy": number(kWh(.ram)),
            "energy_consumed": number(s.energy.kilowattHours),
            "water_consumed": "0.0",
            "country_name": place.country, "country_iso_code": place.iso, "region": place.region,
            "cloud_provider": place.provider, "cloud_region": place.cloudRegion,
            "os": Self.operatingSystem(), "python_version": "", "codecarbon_version": "",
            "cpu_count": "\(s.machine.logicalCPUs)", "cpu_model": s.machine.cpuModel ?? "",
            "gpu_count": "\(s.machine.gpuNames.count)",
            "gpu_model": s.machine.gpuNames.isEmpty ? "" : "\(s.machine.gpuNames.count) x \(s.machine.gpuNames[0])",
            "longitude": "", "latitude": "",
            "ram_total_size": number(ramGB),
            "tracking_mode": s.scope.rawValue,
            "cpu_utilization_percent": number(s.machine.meanCPUUtilization * 100),
            "gpu_utilization_percent": number(s.machine.meanGPUUtilization ?? 0),
            "ram_utilization_percent": number(ramGB > 0 ? usedGB / ramGB * 100 : 0),
            "ram_used_gb": number(usedGB),
            "on_cloud": place.provider.isEmpty ? "N" : "Y",
            "pue": number(s.pue.value),
            "wue": "0.0",
        ]
    }

    /// Checks that `path` can take a row before the run starts: absent, empty, or with CodeCarbon's
    /// columns (in any order, as CodeCarbon accepts). A file with other columns is left untouched.
    public static func checkAppendable(_ path: String) throws(InvalidInput) {
        guard let header = try? existingHeader(path) else { return }
        if Set(header) != Set(columns) {
            throw InvalidInput("\(path) has columns that are not CodeCarbon 3.x's emissions.csv; "
                + "give --csv a new file (nothing was written)")
        }
    }

    /// Appends the run to `path`, writing the header first if the file is new or empty, and
    /// following the file's own column order otherwise.
    public static func append(_ summary: RunSummary, to path: String) throws(InvalidInput) {
        try checkAppendable(path)
        let values = values(summary)
        let order = (try? existingHeader(path)) ?? nil
        var text = ""
        if order == nil { text += header + "\n" }
        text += (order ?? columns).map { CodeCarbonFormat.escape(values[$0] ?? "") }.joined(separator: ",") + "\n"
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil
        }() else {
            throw InvalidInput("cannot write \(path): check the folder exists and is writable")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw InvalidInput("cannot write \(path): \(error.localizedDescription)")
        }
    }

    static func existingHeader(_ path: String) throws -> [String]? {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let first = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        let trimmed = first.hasPrefix("\u{FEFF}") ? String(first.dropFirst()) : first
        return trimmed.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map(String.init)
    }


    /// The `os` column: kernel name, release and machine, as Python's platform module gives them.
    public static func operatingSystem() -> String {
        var name = utsname()
        uname(&name)
        let field = { (value: Any) -> String in
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return "\(field(name.sysname))-\(field(name.release))-\(field(name.machine))"
    }
}
