import Foundation

/// A throwaway directory tree standing in for `/proc` and `/sys`, built by a test and removed after.
final class FixtureTree {
    let root: URL

    init(_ files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, contents) in files { try write(path, contents) }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var path: String { root.path }

    /// Writes (or overwrites) a file, creating its folders.
    func write(_ path: String, _ contents: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }

    /// A RAPL zone: name, counter and range.
    func raplZone(_ zone: String, name: String, energy: UInt64, range: UInt64 = 262_143_328_850) throws {
        try write("sys/class/powercap/\(zone)/name", name + "\n")
        try write("sys/class/powercap/\(zone)/energy_uj", "\(energy)\n")
        try write("sys/class/powercap/\(zone)/max_energy_range_uj", "\(range)\n")
    }

    /// A process's stat line with the fields the meter reads.
    static func statLine(
        pid: Int32, name: String = "python3", parent: Int32, utime: UInt64, stime: UInt64,
        cutime: UInt64 = 0, cstime: UInt64 = 0, rssPages: UInt64 = 1_000, startTime: UInt64 = 12_345
    ) -> String {
        "\(pid) (\(name)) S \(parent) \(pid) \(pid) 0 -1 4194560 100 0 0 0 \(utime) \(stime) \(cutime) \(cstime) "
            + "20 0 1 0 \(startTime) 123456789 \(rssPages) 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n"
    }
}
