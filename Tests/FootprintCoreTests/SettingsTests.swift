import FootprintCore
import Foundation
import Testing

/// Settings from the environment and the files keep their origin, layer by layer.
@Suite struct SettingsTests {
    func folder(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "footprint-settings-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    @Test func layersKeepTheirOrigins() throws {
        let root = try folder([
            "work/footprint.toml": "pue = 1.2\ncountry = \"FR\"\n",
            "home/.config/footprint/config.toml": "\n\ninterval = 0.5\npue = 1.5\n"
        ])
        let environment = [
            "HOME": root.appendingPathComponent("home").path, "FOOTPRINT_COUNTRY": "DE", "FOOTPRINT_PUE": ""
        ]
        let settings = try ConfigFile.settings(environment, workingDirectory: root.appendingPathComponent("work").path)
        #expect(
            settings["pue"]
                == Setting(key: "pue", value: "1.2", origin: .file(path: "./footprint.toml", key: "pue", line: 1)))
        #expect(settings["pue"]?.origin.description == "./footprint.toml: pue")
        #expect(settings["interval"]?.origin.description == "~/.config/footprint/config.toml: interval")
        #expect(
            settings["interval"]?.origin == .file(path: "~/.config/footprint/config.toml", key: "interval", line: 3))
        #expect(settings["country"]?.origin == .environment("FOOTPRINT_COUNTRY"))
        // A whole layer at a time: the variable's country, without the file's.
        #expect(
            settings.firstLayer(setting: ["region", "country", "intensity"]).map(\.origin.description) == [
                "FOOTPRINT_COUNTRY"
            ])
    }

    @Test func aKeySetTwiceIsAnErrorNamingFileLineAndKey() {
        #expect(throws: InvalidInput(.duplicate, "./footprint.toml:4: 'interval' is already set on line 1; keep one")) {
            try ConfigFile.parse("interval = 1\n# again\n[footprint]\ninterval = 2\n", path: "./footprint.toml")
        }
    }

    @Test func numbersNameTheirOrigin() {
        let setting = Setting(
            key: "interval", value: "soon", origin: .file(path: "./footprint.toml", key: "interval", line: 2))
        #expect(
            throws: InvalidInput(.malformed, subject: "./footprint.toml: interval", "must be seconds; got 'soon'")
        ) {
            try setting.number(of: "seconds")
        }
    }
}
