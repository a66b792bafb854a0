import FootprintCore
import Testing

@testable import FootprintGrid

@Suite struct IntensitySourceSettingsTests {
    @Test func keysAndBaseURLsComeFromTheEnvironment() {
        let settings = IntensitySourceSettings(environment: [
            "ELECTRICITYMAPS_API_KEY": "em-key", "WATTTIME_USERNAME": "ada", "WATTTIME_PASSWORD": "pw",
            "FOOTPRINT_UK_CARBON_INTENSITY_URL": "http://127.0.0.1:9/"
        ])
        #expect(settings.electricityMapsKey == "em-key")
        #expect(settings.isConfigured(.wattTime))
        #expect(settings.ukURL == "http://127.0.0.1:9/")
        #expect(settings.electricityMapsURL == "https://api.electricitymap.org")
        #expect(
            settings.averageSources().map(\.name) == ["Electricity Maps", "UK National Grid ESO Carbon Intensity API"])
    }

    @Test func withoutKeysOnlyTheKeylessSourceIsAsked() {
        let settings = IntensitySourceSettings(environment: ["ELECTRICITYMAPS_API_KEY": "  "])
        #expect(!settings.isConfigured(.electricityMaps))
        #expect(!settings.isConfigured(.wattTime))
        #expect(settings.averageSources().map(\.name) == ["UK National Grid ESO Carbon Intensity API"])
    }

    @Test func theConfigFileTakesTheCredentialsUnderTheirOwnKeys() throws {
        let entries = try ConfigFile.parse(
            "electricitymaps_api_key = \"em-key\"\nwatttime_username = \"ada\"\nwatttime_password = 'pw'\n",
            path: "footprint.toml")
        #expect(entries.map(\.key) == ["electricitymaps_api_key", "watttime_username", "watttime_password"])
        #expect(ConfigFile.keys["electricitymaps_api_key"] == "ELECTRICITYMAPS_API_KEY")
    }

    @Test func theTimeLimitIsSetByItsVariableAndBounded() throws {
        #expect(try IntensitySourceSettings.timeout(in: [:]) == nil)
        #expect(try IntensitySourceSettings.timeout(in: ["FOOTPRINT_INTENSITY_TIMEOUT": " 5 "]) == 5)
        #expect(throws: InvalidInput.self) {
            try IntensitySourceSettings.timeout(in: ["FOOTPRINT_INTENSITY_TIMEOUT": "soon"])
        }
        for bad in ["0", "-1", "3600", "nan"] {
            #expect(throws: OutOfRange.self) {
                try IntensitySourceSettings.timeout(in: ["FOOTPRINT_INTENSITY_TIMEOUT": bad])
            }
        }
    }
}
