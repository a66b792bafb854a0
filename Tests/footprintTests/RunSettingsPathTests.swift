import Foundation
import Testing

/// Paths and names `run` and `monitor` take are checked before the command starts: an empty CSV path
/// was found out only after the run (the row lost), an empty ledger path reached SQLite's "could not
/// activate WAL Mode at path: ", and an empty name or project was recorded as one.
@Suite struct RunSettingsPathTests {
    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-paths-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test(arguments: [
        (["--csv", ""], "cannot write '': the path is empty; give a file name", 2),
        (["--ledger", ""], "the ledger's path is empty; give --ledger the path of a ledger file", 2),
        (["--name", " "], "--name is empty", 2),
        (["--project", ""], "--project is empty", 2)
    ])
    func badPathsAndNamesAreRefusedBeforeTheCommandStarts(options: [String], message: String, status: Int32) throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = folder.appendingPathComponent("ledger.sqlite").path
        _ = try CLIRunner.run(["run", "--quiet", "--ledger", ledger, "--", "true"])
        let marker = folder.appendingPathComponent("ran").path
        let given = options.map { $0.replacingOccurrences(of: "FOLDER", with: folder.path) }
        let result = try CLIRunner.run(["run", "--ledger", ledger] + given + ["--", "touch", marker])
        #expect(result.status == status, "\(result.stderr)")
        #expect(
            result.stderr.hasPrefix("error: " + message.replacingOccurrences(of: "FOLDER", with: folder.path)),
            "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: marker), "the command ran")
        let runs = try CLIRunner.run(["runs", "--ledger", ledger, "--json"])
        #expect(
            (try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [Any])?.count == 1, "a run was recorded"
        )
    }

    @Test func aWhitespaceProjectVariableIsRefused() throws {
        let result = try CLIRunner.run(["run", "--", "true"], environment: ["FOOTPRINT_PROJECT": "  "])
        #expect(result.status == 2)
        #expect(result.stderr == "error: FOOTPRINT_PROJECT is empty; give a project name, or leave it out\n")
    }

    /// The XDG Base Directory Specification ignores a relative path: XDG_DATA_HOME=rel once put a
    /// ledger under whatever folder footprint was started in.
    @Test func relativeXDGFoldersAreIgnored() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLIRunner.run(
            ["run", "--json", "--", "true"],
            environment: ["XDG_DATA_HOME": "rel", "FOOTPRINT_DATA_DIR": "", "HOME": folder.path], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.json()["journal"] as? String == folder.path + "/.local/share/footprint/ledger.sqlite")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("rel").path))
    }

    /// A config.toml that is a folder was skipped without a word, its settings silently not applied.
    @Test func aSettingsFileThatCannotBeReadIsAnError() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("footprint.toml"), withIntermediateDirectories: true)
        let result = try CLIRunner.run(["run", "--", "true"], in: folder)
        #expect(result.status == 2)
        #expect(
            result.stderr == "error: ./footprint.toml is a folder, not a settings file; move it aside\n",
            "\(result.stderr)")
    }
}
