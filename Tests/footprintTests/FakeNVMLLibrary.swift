import Foundation
import Testing

/// The meter tests' fake `libnvidia-ml.so.1` (Tests/FootprintMeterTests/FakeNVML.swift), built for
/// the command's tests: its C source taken from that file, compiled with the system's `cc`.
enum FakeNVMLLibrary {
    /// Compiles the fake into `folder` and returns the library's path, for `FOOTPRINT_NVML_LIBRARY`;
    /// the fake's constants as the meter tests' build sets them (its device 2 lost after `loseAfter`
    /// energy reads).
    static func build(in folder: URL, trackedPID: Int32 = 1, loseAfter: Int = 2) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../FootprintMeterTests/FakeNVML.swift").standardized
        let text = try String(contentsOf: source, encoding: .utf8)
        let start = try #require(text.range(of: "#\"\"\"\n")), end = try #require(text.range(of: "\"\"\"#"))
        try Data(text[start.upperBound..<end.lowerBound].utf8).write(to: folder.appendingPathComponent("fake.c"))
        let library = folder.appendingPathComponent("libnvidia-ml.so.1").path
        let cc = Process()
        cc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        cc.arguments = [
            "cc", "-shared", "-fPIC", "-DTRACKED_PID=\(trackedPID)", "-DLOSE_AFTER=\(loseAfter)", "-o", library,
            folder.appendingPathComponent("fake.c").path
        ]
        try cc.run()
        cc.waitUntilExit()
        try #require(cc.terminationStatus == 0)
        return library
    }
}
