import Foundation
import Testing

@Suite struct ConfigFileTests {
    func project(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-config-\(UUID().uuidString)")
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    @Test func precedenceFlagsEnvironmentProjectFileUserFile() throws {
        let folder = try project([
            "work/footprint.toml": "# project settings\n[footprint]\ncountry = \"FR\"  # France\npue = 1.3\ninterval = 0.05\n",
            "config/footprint/config.toml": "country = 'SE'\nproject = \"thesis\"\ncpu_tdp = 95\n",
        ])
        let base = ["XDG_CONFIG_HOME": folder.appendingPathComponent("config").path]
        let work = folder.appendingPathComponent("work")
        let fromFiles = try CLIRunner.run(["run", "--json", "--", "true"], environment: base, in: work).json()
        #expect((fromFiles["location"] as? [String: Any])?["code"] as? String == "FR")
        #expect(fromFiles["pue"] as? Double == 1.3)
        #expect(fromFiles["project"] as? String == "thesis")
        var env = base
        env["FOOTPRINT_COUNTRY"] = "DE"
        let fromEnvironment = try CLIRunner.run(["run", "--json", "--", "true"], environment: env, in: work).json()
        #expect((fromEnvironment["location"] as? [String: Any])?["code"] as? String == "DE")
        let fromFlag = try CLIRunner.run(["run", "--json", "--country", "PL", "--", "true"], environment: env, in: work).json()
        #expect((fromFlag["location"] as? [String: Any])?["code"] as? String == "PL")
        // Estimates read the same files.
        let estimate = try CLIRunner.run(["estimate", "patterson", "--hours", "1", "--processors", "1", "--watts", "100", "--json"],
                                         environment: base, in: work).json()
        #expect(estimate["pue"] as? Double == 1.3)
    }

    @Test(arguments: [
        ("countyr = \"DE\"\n", "footprint.toml:1: unknown setting 'countyr'"),
        ("pue = google\n", "footprint.toml:1: 'google' is not a string, number or boolean (put text in quotes)"),
        ("\n[gpu]\n", "footprint.toml:2: unknown table [gpu]"),
        ("country \"DE\"\n", "footprint.toml:1: expected key = value"),
        ("country = \"DE\n", "footprint.toml:1: unterminated string"),
        ("interval = 0.001\n", "at least 0.05"),
    ])
    func badFilesSayWhereAndWhat(text: String, message: String) throws {
        let folder = try project(["footprint.toml": text])
        let result = try CLIRunner.run(["run", "--", "true"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
