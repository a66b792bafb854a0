import FootprintCore
import Foundation

@testable import FootprintMeter

/// A node's `/proc` and `/sys/class/powercap` in a throwaway tree, for the collector's tests:
/// machine CPU time and memory, and processes with their stat, comm, cgroup and environment.
final class NodeFixture {
    let tree: FixtureTree

    init() throws {
        tree = try FixtureTree()
        try machine(busy: 0, idle: 0)
        try memory(totalKB: 16_000_000, availableKB: 12_000_000)
    }

    var path: String { tree.path }

    /// `/proc/stat` with `busy` ticks of user time and `idle` idle ticks, on two CPUs.
    func machine(busy: UInt64, idle: UInt64) throws {
        try tree.write(
            "proc/stat",
            "cpu  \(busy) 0 0 \(idle) 0 0 0 0 0 0\ncpu0 \(busy) 0 0 \(idle) 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0 0 0\n")
    }

    func memory(totalKB: UInt64, availableKB: UInt64) throws {
        try tree.write("proc/meminfo", "MemTotal: \(totalKB) kB\nMemFree: 1 kB\nMemAvailable: \(availableKB) kB\n")
    }

    /// A process; `environment` is written NUL-separated as the kernel does, nil for no file.
    func process(
        _ pid: Int32, comm: String = "python3", ticks: UInt64, rssPages: UInt64 = 1_000, startTime: UInt64 = 500,
        cgroup: String = "0::/user.slice/user-1000.slice/session-1.scope\n", environment: [String: String]? = [:]
    ) throws {
        try tree.write(
            "proc/\(pid)/stat",
            FixtureTree.statLine(
                pid: pid, name: comm, parent: 1, utime: ticks, stime: 0, rssPages: rssPages, startTime: startTime))
        try tree.write("proc/\(pid)/comm", comm + "\n")
        try tree.write("proc/\(pid)/cgroup", cgroup)
        if let environment {
            try tree.write("proc/\(pid)/environ", environment.map { "\($0.key)=\($0.value)\0" }.joined())
        }
    }

    func remove(_ pid: Int32) throws {
        try FileManager.default.removeItem(at: tree.root.appendingPathComponent("proc/\(pid)"))
    }

    /// A collector on this tree, with a load curve without idle power (so that dynamic CPU energy is
    /// all of it and shares come out exact) and a boot clock that puts every start time after the
    /// baseline unless told otherwise.
    func collector(
        gpus: (any GPUSensor)? = nil, bootSeconds: Double = 0, processLimit: Int = 65_536
    ) -> NodeCollector {
        NodeCollector(
            root: path, gpus: gpus, accountant: Self.accountant, environment: [:], processLimit: processLimit,
            bootSeconds: { bootSeconds })
    }

    /// 100 W of TDP on one socket, drawing nothing idle and TDP × utilisation under load.
    static let accountant = EnergyAccountant(
        cpuModel: CPUPowerModel(
            tdpPerSocket: .watts(100), sockets: 1, curve: CPULoadCurve(points: [.init(0, 0), .init(1, 1)]),
            tdpSource: "test"))
}

extension FleetInterval {
    /// The process with this pid.
    func process(_ pid: Int32) -> ProcessEnergy? { processes.first { $0.pid == pid } }

    /// Joules of a component summed over the processes.
    func processJoules(_ component: Component) -> Double {
        processes.reduce(0) { $0 + ($1.energy[component]?.joules ?? 0) }
    }

    /// Whether no component's process shares add up to more than the node's figure.
    var sharesWithinNode: Bool {
        let slack = 1e-9
        return processJoules(.cpu) <= cpuZones.reduce(0) { $0 + $1.energy.joules } + slack
            && processJoules(.ram) <= dram.joules + slack
            && processJoules(.gpu) <= gpus.reduce(0) { $0 + $1.energy.joules } + slack
            && processes.allSatisfy { $0.energy.values.allSatisfy { $0.joules >= 0 } }
    }
}

/// Whether `a` is `b` but for floating-point rounding.
func isClose(_ a: Double?, _ b: Double, within tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
}
