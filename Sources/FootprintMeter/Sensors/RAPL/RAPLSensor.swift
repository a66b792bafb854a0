import FootprintSystem

/// Reads CPU package and DRAM energy from RAPL counters under `/sys/class/powercap`.
///
/// Intel and AMD (Zen, through the same `intel_rapl` powercap driver) zones are found by the
/// `name` file of each zone. A zone of the `intel-rapl-mmio` interface that repeats a package of the
/// MSR interface is skipped, or the package would count twice. Each counter wraps at its
/// `max_energy_range_uj` (about 262 kJ, a few minutes at full load on a big socket); the sensor
/// unwraps every reading into a monotonic 64-bit total.
public final class RAPLSensor: @unchecked Sendable {
    // @unchecked: `read` mutates the counters' wrap-around state, so one thread at a time may call
    // it. Its one caller is `LinuxProbe.read`, which the Sampler makes under its `reading` mutex,
    // from the sampler thread and from `checkpoint()` (the task pipe's thread) alike.

    /// Monotonic totals since the sensor was opened, in µJ.
    public struct Reading: Sendable, Hashable {
        /// Sum of the package domains (all sockets).
        public var packageMicrojoules: UInt64
        /// Sum of the DRAM domains, nil when the CPU exposes none.
        public var dramMicrojoules: UInt64?
        /// Each package domain's own total, by its powercap name (`package-0`, `package-1`): the
        /// exporter's per-zone series. Empty where a reading was made without the sensor (tests).
        public var packageZones: [String: UInt64] = [:]
    }

    /// The domains found, packages and DRAM first.
    public let domains: [RAPLDomain]
    private let packages: [Counter]
    private let drams: [Counter]

    final class Counter {
        let file: SystemFile
        /// The domain's powercap name.
        let name: String
        let range: UInt64
        var last: UInt64
        var total: UInt64 = 0

        init(file: SystemFile, name: String, range: UInt64) throws {
            self.file = file
            self.name = name
            self.range = range
            self.last = try file.read { ASCII.unsigned($0) } ?? 0
        }

        /// Adds the energy since the last read, across at most one wrap-around.
        func advance() throws {
            guard let now = try file.read({ ASCII.unsigned($0) }) else { return }
            total &+= now >= last ? now - last : (range &- last) &+ now
            last = now
        }
    }

    /// Opens a counter file; tests replace it to simulate files only root may read.
    public typealias Opener = @Sendable (String) throws(SystemFileError) -> SystemFile

    /// Finds the RAPL domains under `powercapRoot` and opens their counters.
    /// - Throws: ``RAPLUnavailable`` saying why there is no measured CPU energy and what to do.
    public init(
        powercapRoot: String = "/sys/class/powercap",
        open: Opener = { path throws(SystemFileError) in try SystemFile(path: path, capacity: 64) }
    ) throws(RAPLUnavailable) {
        // MSR zones first, so that an MMIO zone can be recognised as the repeat of one.
        let zones = SystemFile.entries(powercapRoot)
            .filter { $0.hasPrefix("intel-rapl") || $0.hasPrefix("amd-rapl") }
            .sorted { ($0.contains("-mmio") ? 1 : 0, $0) < ($1.contains("-mmio") ? 1 : 0, $1) }
        var domains: [RAPLDomain] = []
        for zone in zones {
            let path = "\(powercapRoot)/\(zone)"
            guard let name = try? SystemFile.text("\(path)/name").trimmingNewline(),
                let kind = RAPLDomain.Kind(name: name)
            else { continue }
            // The MMIO interface repeats the MSR interface's package domains on recent Intel CPUs.
            if zone.contains("-mmio"), domains.contains(where: { $0.name == name && !$0.zone.contains("-mmio") }) {
                continue
            }
            let range = (try? SystemFile.text("\(path)/max_energy_range_uj")).flatMap { UInt64($0.trimmingNewline()) }
            domains.append(RAPLDomain(zone: path, name: name, kind: kind, maxEnergyRange: range ?? UInt64(UInt32.max)))
        }
        guard !domains.isEmpty else {
            throw RAPLUnavailable(reason: .absent, path: powercapRoot)
        }
        var packages: [Counter] = [], drams: [Counter] = []
        for domain in domains {
            let counterPath = "\(domain.zone)/energy_uj"
            do {
                let counter = try Counter(file: open(counterPath), name: domain.name, range: domain.maxEnergyRange)
                switch domain.kind {
                case .package: packages.append(counter)
                case .dram: drams.append(counter)
                case .core, .uncore, .psys: break  // inside a package, or the whole platform
                }
            } catch let error as SystemFileError where error.isPermissionDenied {
                throw RAPLUnavailable(reason: .unreadable, path: counterPath)
            } catch {
                throw RAPLUnavailable(reason: .absent, path: counterPath)
            }
        }
        guard !packages.isEmpty else { throw RAPLUnavailable(reason: .noPackage, path: powercapRoot) }
        self.domains = domains
        self.packages = packages
        self.drams = drams
    }

    /// Reads every counter and returns the totals since the sensor was opened.
    public func read() throws -> Reading {
        for counter in packages { try counter.advance() }
        for counter in drams { try counter.advance() }
        var zones: [String: UInt64] = [:]
        for counter in packages { zones[counter.name, default: 0] &+= counter.total }
        return Reading(
            packageMicrojoules: packages.reduce(0) { $0 &+ $1.total },
            dramMicrojoules: drams.isEmpty ? nil : drams.reduce(0) { $0 &+ $1.total }, packageZones: zones)
    }

    /// Number of sockets measured.
    public var sockets: Int { packages.count }
}

/// Why RAPL cannot be used, with what to do about it.
public struct RAPLUnavailable: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable { case absent, unreadable, noPackage }
    /// What went wrong.
    public let reason: Reason
    /// The file or folder concerned.
    public let path: String

    public var description: String {
        switch reason {
        case .absent:
            "no RAPL energy counters at \(path) (a VM, or a CPU without RAPL): CPU power is modeled from load"
        case .noPackage:
            "no RAPL package domain under \(path): CPU power is modeled from load"
        case .unreadable:
            "RAPL counters are readable by root only (\(path)); CPU power is modeled from load meanwhile. "
                + "To measure it: sudo chmod a+r /sys/class/powercap/intel-rapl*/energy_uj "
                + "/sys/class/powercap/intel-rapl*/*/energy_uj (until reboot), or a udev rule that does the same"
        }
    }
}

extension String {
    func trimmingNewline() -> String {
        var text = self
        while let last = text.last, last == "\n" || last == " " || last == "\r" { text.removeLast() }
        return text
    }
}
