import FootprintCore
import Foundation
import Testing

@testable import FootprintLedger

/// The files `footprint regions import` reads: Electricity Maps' hourly CSV files in both header
/// spellings, and plain time,zone,intensity files; and every kind of bad row.
@Suite struct IntensityImportTests {
    /// The header of Electricity Maps' hourly files from their data portal, as it was up to 2023…
    static let olderHeader =
        "Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO₂eq/kWh (direct),"
        + "Carbon Intensity gCO₂eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Source,"
        + "Data Estimated,Data Estimation Method"
    /// …and as it is since.
    static let newerHeader =
        "Datetime (UTC),Country,Zone name,Zone id,Carbon intensity gCO₂eq/kWh (direct),"
        + "Carbon intensity gCO₂eq/kWh (Life cycle),Carbon-free energy percentage (CFE%),"
        + "Renewable energy percentage (RE%),Data source,Data estimated,Data estimation method"

    /// 2026-11-30T00:00Z.
    static let day = 1_795_996_800.0

    func read(
        _ text: String, file: String = "data/DE_2026_hourly.csv", factor: IntensityFactor? = nil
    ) throws(LedgerError) -> IntensityImport.FileReadings {
        try IntensityImport.read(text, file: file, factor: factor, recordedAt: 42)
    }

    @Test func readsBothFactorsOfAnOlderElectricityMapsFile() throws {
        let file = try read(
            Self.olderHeader + "\n"
                + "2026-11-30 00:00:00,Germany,Germany,DE,310.5,402.25,55.1,48.2,entsoe.eu,false,\n"
                + "2026-11-30 01:00:00,Germany,Germany,DE,300,390,56,49,entsoe.eu,true,TIME_SLICER_AVERAGE\n")
        #expect(file.format == .electricityMaps && file.factors == [.lifecycle, .direct])
        #expect(file.rows == 2 && file.badRows == 0 && file.problems.isEmpty)
        #expect(file.source == "imported from DE_2026_hourly.csv")
        #expect(file.zones == ["DE"])
        let first = IntensityReading(
            zone: "DE", start: Self.day, end: Self.day + 3_600, intensity: .gramsPerKilowattHour(402.25),
            factor: .lifecycle, kind: .actual, source: "imported from DE_2026_hourly.csv", recordedAt: 42)
        #expect(file.readings.count == 4 && file.readings[0] == first)
        #expect(file.readings[1].factor == .direct && file.readings[1].intensity == .gramsPerKilowattHour(310.5))
        #expect(file.span?.first == Self.day && file.span?.last == Self.day + 7_200)
    }

    /// The newer spelling, a quoted zone name with a comma, a UTF-8 BOM, CRLF line ends, and the
    /// ASCII "gCO2eq" some tools write; zones in Electricity Maps' spelling map to the catalog's.
    @Test func readsTheNewerHeaderAndItsVariants() throws {
        let bom = "\u{FEFF}"
        let text =
            bom + Self.newerHeader.replacingOccurrences(of: "₂", with: "2") + "\r\n"
            + "2026-11-30 00:00:00,Sweden,\"Sweden, zone 3\",SE-SE3,12,35,99,70,svk.se,false,\r\n"
            + "2026-11-30T00:00:00.000Z,United States,California,US-CAL-CISO,210,260,40,38,eia.gov,false,\r\n"
        let file = try read(text, file: "mixed.csv")
        #expect(file.badRows == 0, "\(file.problems)")
        #expect(file.zones == ["SE-SE3", "US-CAL-CISO"])
        #expect(file.readings.filter { $0.zone == "SE-SE3" }.map(\.intensity.gramsPerKilowattHour) == [35, 12])
    }

    @Test func aPlainFileIsOfTheFactorGivenLifeCycleByDefault() throws {
        let text = """
            zone,time,intensity,note
            Germany,2026-11-30T00:00Z,400,a
            SE3,2026-11-30T00:30+00:00,20,b
            SE3,2026-11-30T01:00Z,22,c
            DE,2026-11-30T01:00Z,380,d
            """
        let plain = try read(text, file: "plain.csv")
        #expect(plain.format == .plain && plain.factors == [.lifecycle] && plain.badRows == 0)
        #expect(plain.readings.map(\.zone) == ["DE", "SE-SE3", "SE-SE3", "DE"])
        // Each zone's step: DE's rows an hour apart, SE3's half an hour.
        #expect(plain.readings.map { $0.end - $0.start } == [3_600, 1_800, 1_800, 3_600])
        let marginal = try read(text, file: "plain.csv", factor: .marginal)
        #expect(marginal.readings.allSatisfy { $0.factor == .marginal })
    }

    @Test func anElectricityMapsFileKeepsOneFactorWhenAskedAndNeverMarginal() throws {
        let text = Self.newerHeader + "\n2026-11-30 00:00:00,Germany,Germany,DE,310,400,55,48,entsoe.eu,false,\n"
        #expect(try read(text, factor: .direct).readings.map(\.factor) == [.direct])
        #expect {
            try read(text, factor: .marginal)
        } throws: { error in
            let error = error as? LedgerError
            return error?.reason == .badImport && error?.description.contains("not marginal") == true
        }
    }

    /// Each bad row is named by its line; the rows of one unknown zone are one entry with a guess.
    @Test func everyBadRowIsReportedByLine() throws {
        let text = """
            time,zone,intensity
            2026-11-30T00:00Z,DE,400
            yesterday,DE,400
            2026-11-30T01:00Z,Germny,400
            2026-11-30T01:00Z,DE,2500
            2026-11-30T02:00Z,DE,
            2026-11-30T03:00Z,DE,lots
            2026-11-30T00:00Z,DE,410
            2026-11-30T04:00Z,DE
            2026-11-30T02:00Z,Germny,400
            2026-11-30T05:00Z,DE,nan
            2026-11-30T01:00Z,DE,380
            """
        var file = try read(text, file: "bad.csv")
        #expect(file.rows == 11 && file.badRows == 9)
        #expect(file.readings.map(\.start) == [Self.day, Self.day + 3_600])
        #expect(file.problems.count == 8)
        let zone = file.problems.remove(at: 1)
        #expect(zone.hasPrefix("line 4: unknown zone 'Germny'; did you mean DE (Germany)"))
        #expect(zone.hasSuffix("? (and 1 more row of it)"))
        #expect(
            file.problems == [
                "line 3: time 'yesterday' is not a date and time such as 2026-11-30T14:00Z",
                "line 5: the intensity must be from 0 to 2,000 g CO2e/kWh; got 2,500",
                "line 6: no value for the intensity",
                "line 7: the intensity 'lots' is not a number (g CO2e/kWh)",
                "line 8: a second row for DE at 2026-11-30T00:00:00Z (the first is line 2)",
                "line 9: has 2 fields; the header names 3 columns",
                "line 11: the intensity must be from 0 to 2,000 g CO2e/kWh; got NaN (not a number)"
            ])
    }

    @Test func aLongListOfBadRowsIsCutAndCounted() throws {
        let rows = (0..<25).map { String(format: "2026-11-%02dT%02d:00Z,DE,-%d", 1 + $0 / 24, $0 % 24, $0 + 1) }
        let file = try read("time,zone,intensity\n" + rows.joined(separator: "\n"), file: "negative.csv")
        #expect(file.badRows == 25 && file.readings.isEmpty)
        #expect(file.problems.count == IntensityImport.listedProblems + 1)
        #expect(file.problems.first?.hasPrefix("line 2: the intensity must be from 0") == true)
        #expect(file.problems.last == "and 15 more bad rows")
    }

    @Test func filesThatAreNotHourlyIntensitiesAreRefusedWhole() throws {
        let cases: [(String, String)] = [
            ("", "is empty"),
            ("a,b,c\n1,2,3\n", "neither an Electricity Maps hourly file"),
            ("Datetime (UTC),Country,Carbon intensity gCO₂eq/kWh (direct)\n", "without its \"Zone id\" column"),
            ("Datetime (UTC),Zone id,Renewable energy percentage (RE%)\n", "without a \"Carbon intensity"),
            (
                "time,zone,intensity\n2026-11-01T00:00Z,DE,400\n2026-11-02T00:00Z,DE,380\n",
                "the figures of DE are 24 h apart"
            ),
            ("time,zone,intensity\n2026-11-01T00:00Z,\"DE,400\n", "has a quoted field that never ends")
        ]
        for (text, expected) in cases {
            #expect(throws: LedgerError.self, "\(expected)") { try read(text, file: "x.csv") }
            do {
                _ = try read(text, file: "x.csv")
            } catch {
                #expect(error.reason == .badImport && error.description.contains(expected), "\(error)")
            }
        }
    }
}
