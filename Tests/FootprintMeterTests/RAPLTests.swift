import FootprintSystem
import Foundation
import Testing

@testable import FootprintMeter

@Suite struct RAPLTests {
    /// Two sockets, each with core and DRAM subzones; the MMIO interface repeats package-0.
    func twoSocketTree() throws -> FixtureTree {
        let tree = try FixtureTree()
        try tree.raplZone("intel-rapl:0", name: "package-0", energy: 1_000_000)
        try tree.raplZone("intel-rapl:0:0", name: "core", energy: 500_000)
        try tree.raplZone("intel-rapl:0:1", name: "dram", energy: 200_000)
        try tree.raplZone("intel-rapl:1", name: "package-1", energy: 3_000_000)
        try tree.raplZone("intel-rapl:1:0", name: "dram", energy: 400_000)
        try tree.raplZone("intel-rapl-mmio:0", name: "package-0", energy: 1_000_000)
        return tree
    }

    @Test func sumsPackagesAndDRAMAcrossSockets() throws {
        let tree = try twoSocketTree()
        let sensor = try RAPLSensor(powercapRoot: tree.path + "/sys/class/powercap")
        #expect(sensor.sockets == 2)
        #expect(!sensor.domains.contains { $0.zone.hasSuffix("intel-rapl-mmio:0") })
        #expect(sensor.domains.contains { $0.kind == .core })
        let baseline = try sensor.read()
        #expect(baseline.packageMicrojoules == 0 && baseline.dramMicrojoules == 0)
        #expect(baseline.packageZones == ["package-0": 0, "package-1": 0])
        try tree.write("sys/class/powercap/intel-rapl:0/energy_uj", "1500000")
        try tree.write("sys/class/powercap/intel-rapl:1/energy_uj", "3250000")
        try tree.write("sys/class/powercap/intel-rapl:0:1/energy_uj", "260000")
        try tree.write("sys/class/powercap/intel-rapl:0:0/energy_uj", "900000")  // core: inside package, not added
        let reading = try sensor.read()
        #expect(reading.packageMicrojoules == 500_000 + 250_000)
        #expect(reading.dramMicrojoules == 60_000)
        #expect(reading.packageZones == ["package-0": 500_000, "package-1": 250_000])
    }

    @Test func unwrapsAtTheMaximumRange() throws {
        let tree = try FixtureTree()
        try tree.raplZone("intel-rapl:0", name: "package-0", energy: 999_000, range: 1_000_000)
        let sensor = try RAPLSensor(powercapRoot: tree.path + "/sys/class/powercap")
        try tree.write("sys/class/powercap/intel-rapl:0/energy_uj", "500")
        #expect(try sensor.read().packageMicrojoules == 1_000 + 500)
        try tree.write("sys/class/powercap/intel-rapl:0/energy_uj", "2500")
        #expect(try sensor.read().packageMicrojoules == 3_500)
        #expect(try sensor.read().dramMicrojoules == nil)
    }

    @Test func amdZonesAreFoundByName() throws {
        let tree = try FixtureTree()
        try tree.raplZone("intel-rapl:0", name: "package-0", energy: 10)
        try tree.raplZone("intel-rapl:0:0", name: "core", energy: 5)
        try tree.raplZone("amd-rapl:1", name: "package-1", energy: 10)
        #expect(try RAPLSensor(powercapRoot: tree.path + "/sys/class/powercap").sockets == 2)
    }

    @Test func rootOnlyCountersSayHowToGrantAccess() throws {
        let tree = try twoSocketTree()
        #expect {
            try RAPLSensor(powercapRoot: tree.path + "/sys/class/powercap") { path throws(SystemFileError) in
                throw SystemFileError(path: path, errno: EACCES)
            }
        } throws: { error in
            guard let unavailable = error as? RAPLUnavailable, unavailable.reason == .unreadable else { return false }
            return unavailable.description.contains("sudo chmod a+r /sys/class/powercap/intel-rapl*/energy_uj")
                && unavailable.description.contains("modeled from load")
        }
    }

    @Test func absentOrPsysOnly() throws {
        let empty = try FixtureTree(["sys/class/powercap/.keep": ""])
        #expect(throws: RAPLUnavailable.self) { try RAPLSensor(powercapRoot: empty.path + "/sys/class/powercap") }
        let psys = try FixtureTree()
        try psys.raplZone("intel-rapl:1", name: "psys", energy: 10)
        #expect {
            try RAPLSensor(powercapRoot: psys.path + "/sys/class/powercap")
        } throws: { ($0 as? RAPLUnavailable)?.reason == .noPackage }
    }
}
