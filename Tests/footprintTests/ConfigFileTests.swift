import Foundation
import Testing

@Suite struct ConfigFileTests {
    func project(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-config-\(UUID().uuidString)")
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    @Test func precedenceFlagsEnvironmentProjectFileUserFile() throws {
        let folder = try project([
            "work/footprint.toml":
                "# project settings\n[footprint]\ncountry = \"FR\"  # France\npue = 1.3\ninterval = 0.05\n",
            "config/footprint/config.toml": "country = 'SE'\nproject = \"thesis\"\ncpu_tdp = 95\n"
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
        let fromFlag = try CLIRunner.run(["run", "--json", "--country", "PL", "--", "true"], environment: env, in: work)
            .json()
        #expect((fromFlag["location"] as? [String: Any])?["code"] as? String == "PL")
        // Estimates read the same files.
        let estimate = try CLIRunner.run(
            ["estimate", "patterson", "--hours", "1", "--processors", "1", "--watts", "100", "--json"],
            environment: base, in: work
        ).json()
        #expect(estimate["pue"] as? Double == 1.3)
    }

    /// A settings file that is a FIFO is refused at once (reading it waited for a writer forever),
    /// and the user's config.toml as a folder is refused like ./footprint.toml: one line, exit 2.
    @Test func aSettingsFIFOOrUserConfigFolderIsAnError() throws {
        let folder = try project(["config/footprint/config.toml/keep": "", "work/x": ""])
        let work = folder.appendingPathComponent("work"), userConfig = folder.appendingPathComponent("config")
        let inFolder = try CLIRunner.run(["runs"], environment: ["XDG_CONFIG_HOME": userConfig.path], in: work)
        #expect(inFolder.status == 2, "\(inFolder.stderr)")
        #expect(
            inFolder.stderr.contains("footprint/config.toml is a folder, not a settings file"), "\(inFolder.stderr)")
        #expect(inFolder.stderr.split(separator: "\n").count == 1)
        #expect(mkfifo(work.appendingPathComponent("footprint.toml").path, 0o600) == 0)
        for arguments in [
            ["run", "--", "true"], ["estimate", "patterson", "--hours", "1", "--processors", "1", "--watts", "100"]
        ] {
            let result = try CLIRunner.run(arguments, in: work)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(
                result.stderr
                    == "error: ./footprint.toml is not a regular file (a FIFO or a device), not a settings file; move it aside\n",
                "\(result.stderr)")
        }
    }

    @Test(arguments: [
        ("countyr = \"DE\"\n", "footprint.toml:1: unknown setting 'countyr'"),
        ("pue = google\n", "footprint.toml:1: 'google' is not a string, number or boolean (put text in quotes)"),
        ("\n[gpu]\n", "footprint.toml:2: unknown table [gpu]"),
        ("country \"DE\"\n", "footprint.toml:1: expected key = value"),
        ("country = \"DE\n", "footprint.toml:1: unterminated string"),
        ("interval = 0.001\n", "./footprint.toml: interval must be from 0.05 to 3,600 s; got 0.001"),
        ("project = true\n", "footprint.toml:1: project takes text in quotes, not true or false"),
        ("pue = \"google\" extra\n", "footprint.toml:1: unexpected 'extra' after the value")
    ])
    func badFilesSayWhereAndWhat(text: String, message: String) throws {
        let folder = try project(["footprint.toml": text])
        let result = try CLIRunner.run(["run", "--", "true"], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// Each figure names the file and key, or the variable, it came from.
    @Test func figuresNameTheFileAndKeyTheyCameFrom() throws {
        let folder = try project([
            "work/footprint.toml": "pue = 1.2\ncountry = \"FR\"\n",
            "config/footprint/config.toml": "intensity = 100\n"
        ])
        let base = ["XDG_CONFIG_HOME": folder.appendingPathComponent("config").path]
        let work = folder.appendingPathComponent("work")
        let run = try CLIRunner.run(["run", "--json", "--", "true"], environment: base, in: work).json()
        #expect(run["pue_source"] as? String == "given by ./footprint.toml: pue")
        let location = try #require(run["location"] as? [String: Any])
        #expect(location["code"] as? String == "FR")
        #expect(location["name"] as? String == "France, set by ./footprint.toml: country")
        // A variable replaces the project file's location whole: its intensity, not the file's country.
        var env = base
        env["FOOTPRINT_INTENSITY"] = "250"
        env["FOOTPRINT_PUE"] = "google"
        let fromEnvironment = try CLIRunner.run(["run", "--json", "--", "true"], environment: env, in: work).json()
        let given = try #require(fromEnvironment["location"] as? [String: Any])
        #expect(given["intensity_g_per_kwh"] as? Double == 250)
        #expect(given["source"] as? String == "given by FOOTPRINT_INTENSITY")
        #expect((fromEnvironment["pue_source"] as? String)?.hasSuffix(", set by FOOTPRINT_PUE") == true)
        // With no project file, the user's file: named by its path.
        let user = try CLIRunner.run(
            ["estimate", "patterson", "--hours", "1", "--processors", "1", "--watts", "100", "--json"],
            environment: base, in: folder
        ).json()
        let estimateText = String(describing: user)
        #expect(
            estimateText.contains("given by \(folder.path)/config/footprint/config.toml: intensity"), "\(estimateText)")
    }

    @Test(arguments: [
        (
            "intensity = 300\ncountry = \"FR\"\n",
            "./footprint.toml sets both country and intensity; keep one of region, country, cloud and intensity"
        ),
        ("region = \"DE\"\ncloud = \"aws:eu-west-1\"\n", "./footprint.toml sets both region and cloud"),
        ("pue = 1.2\n[footprint]\npue = 1.3\n", "footprint.toml:3: 'pue' is already set on line 1; keep one"),
        ("[footprint]\n[footprint]\n", "footprint.toml:2: [footprint] appears twice"),
        ("pue = \"abc\"\n", "./footprint.toml: pue 'abc' is neither a number from 1 to 3 nor a preset"),
        ("country = \"US-CA\"\n", "./footprint.toml: country 'US-CA' is a US state, not a country; use region for it"),
        ("region = \"Narnia\"\n", "./footprint.toml: region: unknown region 'Narnia'"),
        ("cloud = \"eu-west-1\"\n", "./footprint.toml: cloud takes PROVIDER:REGION")
    ])
    func fileMistakesNameTheFile(text: String, message: String) throws {
        let folder = try project(["footprint.toml": text])
        for arguments in [
            ["run", "--", "true"], ["estimate", "patterson", "--hours", "1", "--processors", "1", "--watts", "100"]
        ] {
            let result = try CLIRunner.run(arguments, in: folder)
            #expect(result.status == 2)
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func twoLocationVariablesAreRefusedLikeTwoFlags() throws {
        let result = try CLIRunner.run(
            ["run", "--", "true"], environment: ["FOOTPRINT_COUNTRY": "DE", "FOOTPRINT_REGION": "US-CA"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("FOOTPRINT_REGION and FOOTPRINT_COUNTRY are both set"), "\(result.stderr)")
        // A flag still wins over both.
        let flag = try CLIRunner.run(
            ["run", "--json", "--country", "PL", "--", "true"],
            environment: ["FOOTPRINT_COUNTRY": "DE", "FOOTPRINT_REGION": "US-CA"]
        ).json()
        #expect((flag["location"] as? [String: Any])?["code"] as? String == "PL")
    }

    /// A ledger path the user did not type says where it came from, not "give --ledger".
    @Test func ledgerErrorsNameWhereThePathCameFrom() throws {
        let folder = try project(["footprint.toml": "data_dir = \"/proc/footprint-nope\"\n"])
        let run = try CLIRunner.run(["run", "--", "true"], environment: ["FOOTPRINT_DATA_DIR": ""], in: folder)
        #expect(run.status == 2)  // a folder that cannot be created: the setting to fix
        #expect(run.stderr.contains("(the path comes from ./footprint.toml: data_dir)"), "\(run.stderr)")
        let runs = try CLIRunner.run(["runs"], environment: ["FOOTPRINT_LEDGER": "/proc/footprint-nope/ledger.sqlite"])
        #expect(runs.stderr.contains("(the path comes from FOOTPRINT_LEDGER)"), "\(runs.stderr)")
    }
}
