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
    public static func values(
        _ s: RunSummary, catalog: GridCatalog = .bundled, now: Double = Timestamp.now()
    ) -> [String: String] {
        CodeCarbonFormat.values(
            CodeCarbonRun(
                timestamp: now, project: s.project, runID: s.runID, name: s.name, duration: s.duration,
                components: s.components.mapValues(\.energy), pue: s.pue.value, energy: s.energy,
                emissions: s.emissions,
                locationCode: s.location.code, scope: s.scope, cpuModel: s.machine.cpuModel,
                gpuNames: s.machine.gpuNames, machine: s.machine.usage), catalog: catalog)
    }

    /// Checks that `path` can take a row before the run starts: absent, empty, or with CodeCarbon's
    /// columns (in any order, as CodeCarbon accepts). A file with other columns is left untouched.
    /// - Throws: ``FileProblem`` for a path that cannot be written (a folder, no such folder, no
    ///   permission), ``InvalidInput`` (``InvalidInput/Reason/foreignFormat``, the path as its
    ///   subject) for a file of other columns.
    public static func checkAppendable(_ path: String) throws {
        if let problem = FileProblem.check(path, access: .write) { throw problem }
        guard let header = try? existingHeader(path) else { return }
        if Set(header) != Set(columns) {
            throw InvalidInput(.foreignFormat, subject: path, "has columns that are not CodeCarbon 3.x's emissions.csv")
        }
    }

    /// Appends the run to `path`, writing the header first if the file is new or empty, and
    /// following the file's own column order otherwise.
    public static func append(_ summary: RunSummary, to path: String) throws {
        try checkAppendable(path)
        let values = values(summary)
        let order = (try? existingHeader(path)) ?? nil
        var text = ""
        if order == nil { text += header + "\n" }
        text += (order ?? columns).map { CodeCarbonFormat.escape(values[$0] ?? "") }.joined(separator: ",") + "\n"
        guard
            let handle = FileHandle(forWritingAtPath: path)
                ?? {
                    FileManager.default.createFile(atPath: path, contents: nil)
                        ? FileHandle(forWritingAtPath: path) : nil
                }()
        else {
            throw FileProblem.check(path, access: .write)
                ?? FileProblem(path: path, access: .write, reason: .other, detail: "it cannot be opened for writing")
        }
        defer { try? handle.close() }
        do {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw FileProblem(error, path: path, access: .write)
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
