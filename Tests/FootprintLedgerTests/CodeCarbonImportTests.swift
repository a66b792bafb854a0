import FootprintCore
import Foundation
import Testing

@testable import FootprintLedger

/// Import of CodeCarbon emissions.csv files, and the round trip back out.
@Suite struct CodeCarbonImportTests {
    /// Two rows written by codecarbon 3.3.2 itself (OfflineEmissionsTracker, DEU), the second with
    /// a project name that needs CSV quoting.
    static let written = #"""
        timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,cpu_utilization_percent,gpu_utilization_percent,ram_utilization_percent,ram_used_gb,on_cloud,pue,wue
        2026-11-22T09:59:20,plain,31e91d84-b364-4aaf-bde7-8897843082f6,5b0fa12a-3dd7-45bb-9766-cc326314d9f1,1.2088456070005122,2.6433172979150397e-06,2.186645906315412e-06,0.8,0.0,20.0,2.6704841866659177e-07,0.0,6.67170285555585e-06,6.938751274222442e-06,0.0,Germany,DEU,,,,Linux-6.18.44-fc-v595-x86_64-with-glibc2.36,3.11.7,3.3.2,2,AMD EPYC,0,,,,23.54058837890625,machine,0.0,0,1.8,0.4220008850097656,N,1.0,0.0
        2026-11-22T09:59:22,"proj, ""x""",37d1485d-920e-43ae-999b-f27b56f97697,5b0fa12a-3dd7-45bb-9766-cc326314d9f1,1.2024697820006622,2.643547080582105e-06,2.198431195654486e-06,0.80000874189991,0.0,20.0,2.6711636860037704e-07,0.0,6.672238088893008e-06,6.939354457493385e-06,0.0,Germany,DEU,,,,Linux-6.18.44-fc-v595-x86_64-with-glibc2.36,3.11.7,3.3.2,2,AMD EPYC,0,,,,23.54058837890625,machine,0.0,0,1.8,0.420745849609375,N,1.0,0.0
        """#

    /// A CodeCarbon 2.x header: no experiment_id, water, utilisation or wue columns.
    static let version2 = """
        timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud
        2023-01-05T10:00:00,old,abc,10.0,0.00001,0.000001,10,0,3,0.00003,0,0.00001,0.00004,France,FRA,,,,Linux,3.8,4,Intel,0,,,,16,machine,N
        2023-01-05T11:00:00,old,def,ten,0.001,0.0001,10,0,3,0.00003,0,0.00001,0.00004,France,FRA,,,,Linux,3.8,4,Intel,0,,,,16,machine,N
        not-a-date,old,ghi,1,0.001,0.0001,10,0,3,0.00003,0,0.00001,0.00004,France,FRA,,,,Linux,3.8,4,Intel,0,,,,16,machine,N
        2023-01-05T12:00:00,old,jkl,1,-0.5,0.0001,10,0,3,0.00003,0,0.00001,0.00004,France,FRA,,,,Linux,3.8,4,Intel,0,,,,16,machine,N
        """

    func ledger() throws -> Ledger {
        try Ledger(
            path: FileManager.default.temporaryDirectory.appendingPathComponent("cc-\(UUID().uuidString)/l.sqlite").path
        )
    }

    @Test func importsWhatCodeCarbonWroteAndGivesItBackUnchanged() throws {
        let store = try ledger()
        let outcome = try CodeCarbonImport.run(Self.written, file: "emissions.csv", into: store, skipBad: false)
        #expect(outcome.imported == 2)
        #expect(outcome.problems.isEmpty)
        let runs = try store.runs()
        let quoted = try #require(runs.first { $0.project == "proj, \"x\"" })
        #expect(quoted.source == .codecarbon)
        // CodeCarbon's default experiment_id is a UUID, which names nothing: the project names the run.
        #expect(quoted.name == "proj, \"x\"")
        #expect(quoted.locationName == "Germany")
        let records = try CodeCarbonFormat.records(Self.written)
        let header = records[0].fields
        for (record, run) in zip(records.dropFirst(), runs.reversed()) {
            let original = try #require(CodeCarbonImport.originalValues(of: run))
            #expect(header.map { original[$0] ?? "" } == record.fields)
            // Energy and emissions in the ledger's units: kWh → J, kg → g.
            let row = Dictionary(uniqueKeysWithValues: zip(header, record.fields))
            #expect(abs(run.energy.kilowattHours - (Double(row["energy_consumed"] ?? "") ?? -1)) < 1e-15)
            #expect(abs(run.emissions.kilograms - (Double(row["emissions"] ?? "") ?? -1)) < 1e-15)
        }
        // A second import of the same file adds nothing.
        let again = try CodeCarbonImport.run(Self.written, file: "emissions.csv", into: store, skipBad: false)
        #expect(again.imported == 0)
        #expect(again.alreadyThere == 2)
    }

    @Test func badRowsImportNothingUnlessSkipped() throws {
        let store = try ledger()
        #expect {
            try CodeCarbonImport.run(Self.version2, file: "old.csv", into: store, skipBad: false)
        } throws: { error in
            guard let error = error as? LedgerError, error.reason == .rejectedRows else { return false }
            let text = error.description
            return !text.contains("--")
                && text.contains("nothing imported") && text.contains("line 3: duration 'ten' is not a finite number")
                && text.contains("line 4: timestamp 'not-a-date'") && text.contains("line 5: emissions '-0.5'")
        }
        #expect(try store.runs().isEmpty)
        let outcome = try CodeCarbonImport.run(Self.version2, file: "old.csv", into: store, skipBad: true)
        #expect(outcome.imported == 1)
        #expect(outcome.problems.count == 3)
        #expect(outcome.badRows == 3)
        let run = try store.run("abc")
        #expect(run.duration == 10)
        #expect(run.scope == .machine)
        #expect(run.locationCode == "FRA")
    }

    @Test func notACodeCarbonFile() throws {
        let store = try ledger()
        #expect(throws: LedgerError.self) {
            try CodeCarbonImport.run("a,b\n1,2\n", file: "x.csv", into: store, skipBad: true)
        }
        #expect(throws: LedgerError.self) { try CodeCarbonImport.run("", file: "x.csv", into: store, skipBad: true) }
    }

    @Test func csvRecordsFollowRFC4180() throws {
        let records = try CodeCarbonFormat.records("\u{FEFF}a,b,c\r\n1,\"x, \"\"y\"\"\",\"two\nlines\"\n\n3,,\n")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "x, \"y\"", "two\nlines"], ["3", "", ""]])
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(throws: InvalidInput.self) { try CodeCarbonFormat.records("a,\"open\n") }
    }
}

/// The import streams, bounds what it takes, and recognises what the ledger has already.
@Suite struct CodeCarbonStreamingImportTests {
    static let header = "timestamp,project_name,run_id,experiment_id,duration,emissions,energy_consumed,pue"

    func ledger() throws -> Ledger {
        try Ledger(
            path: FileManager.default.temporaryDirectory.appendingPathComponent("cc-\(UUID().uuidString)/l.sqlite").path
        )
    }

    func row(
        _ id: String, duration: String = "10", emissions: String = "0.0001", energy: String = "0.0004",
        pue: String = "1.0", experiment: String = "5b0fa12a-3dd7-45bb-9766-cc326314d9f1"
    ) -> String {
        "2024-05-01T12:00:00,proj,\(id),\(experiment),\(duration),\(emissions),\(energy),\(pue)"
    }

    @Test(arguments: [
        ("energy", "1e308"), ("energy", "nan"), ("energy", "inf"), ("energy", "-1"), ("duration", "1e12"),
        ("pue", "1000"), ("pue", "0.5"), ("emissions", "5")
    ])
    func implausibleValuesAreRefused(_ column: String, _ value: String) throws {
        let store = try ledger()
        let bad: String =
            switch column {
            case "energy": row("a", energy: value)
            case "duration": row("a", duration: value)
            case "pue": row("a", pue: value)
            default: row("a", emissions: value)
            }
        #expect(throws: LedgerError.self) {
            try CodeCarbonImport.run(Self.header + "\n" + bad + "\n", file: "x.csv", into: store, skipBad: false)
        }
        #expect(try store.runs().isEmpty)
    }

    @Test func aBadRowAfterGoodOnesRollsEverythingBack() throws {
        let store = try ledger()
        let text = ([Self.header] + (0..<5).map { row("r\($0)") } + [row("bad", energy: "x")]).joined(separator: "\n")
        #expect(throws: LedgerError.self) { try CodeCarbonImport.run(text, file: "x.csv", into: store, skipBad: false) }
        #expect(try store.runs().isEmpty)
        let skipped = try CodeCarbonImport.run(text, file: "x.csv", into: store, skipBad: true)
        #expect(skipped.imported == 5 && skipped.badRows == 1)
    }

    @Test func manyBadRowsAreCountedNotAllListed() throws {
        let store = try ledger()
        let text = ([Self.header] + (0..<30).map { row("r\($0)", energy: "x") }).joined(separator: "\n")
        #expect { try CodeCarbonImport.run(text, file: "x.csv", into: store, skipBad: false) } throws: { error in
            ((error as? LedgerError)?.description ?? "").contains("… and 10 more bad rows")
        }
    }

    /// Runs keep the file's project and experiment names; CodeCarbon's default UUID names nothing.
    @Test func namesComeFromTheFile() throws {
        let store = try ledger()
        let text = [Self.header, row("a", experiment: "resnet sweep"), row("b")].joined(separator: "\n")
        _ = try CodeCarbonImport.run(text, file: "x.csv", into: store, skipBad: false)
        #expect(try store.run("a").name == "resnet sweep")
        #expect(try store.run("b").name == "proj")
        #expect(try store.run("a").project == "proj")
    }

    /// A run recorded in this ledger, exported and imported back, is recognised by its run id.
    @Test func aRunOfThisLedgerIsNotImportedAgain() throws {
        let store = try ledger()
        let recorder = LedgerRecorder(ledger: store, batchSeconds: 0)
        try recorder.begin(LedgerTests().header("6b0d0000-aaaa", pid: 4_194_305))
        let text = [Self.header, row("6b0d0000-aaaa"), row("other")].joined(separator: "\n")
        let outcome = try CodeCarbonImport.run(text, file: "x.csv", into: store, skipBad: false)
        #expect(outcome.imported == 1 && outcome.alreadyThere == 1)
        // The same run id with other cells (CodeCarbon's update mode) is a new row, kept as #2.
        let updated = try CodeCarbonImport.run(
            [Self.header, row("other", duration: "20")].joined(separator: "\n"),
            file: "x.csv", into: store, skipBad: false)
        #expect(updated.imported == 1)
        #expect(try store.run("other#2").duration == 20)
        #expect(try CodeCarbonImport.run(text, file: "x.csv", into: store, skipBad: false).imported == 0)
    }

    @Test func csvStreamReadsRecordsOneAtATime() throws {
        var stream = CSVStream(bytes: Array("\u{FEFF}a,b,c\r\n1,\"x, \"\"y\"\"\",\"two\nlines\"\n\n\n3,,\n".utf8))
        var records: [CSVRecord] = []
        while let record = try stream.next() { records.append(record) }
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "x, \"y\"", "two\nlines"], ["3", "", ""]])
        #expect(records.map(\.line) == [1, 2, 6])
    }

    @Test(arguments: [
        ([UInt8]("timestamp,run_id\n".utf8) + [0x00, 0x01, 0x02], CSVStream.Failure.Reason.nulByte, "NUL byte"),
        ([UInt8]("timestamp,run_id\n".utf8) + [0xFF, 0xFE, 0x0A], .notUTF8, "not UTF-8"),
        ([UInt8](repeating: UInt8(ascii: "x"), count: 70_000), .recordTooLong, "longer than 64 KiB"),
        ([UInt8]("a,\"open\n".utf8), .unterminatedQuote, "never ends")
    ])
    func notCSVTextStopsTheStream(_ bytes: [UInt8], _ reason: CSVStream.Failure.Reason, _ message: String) {
        var stream = CSVStream(bytes: bytes)
        #expect { while try stream.next() != nil {} } throws: { error in
            guard let failure = error as? CSVStream.Failure else { return false }
            return failure.reason == reason && failure.message.contains(message)
        }
    }

    @Test func randomBytesAreRejectedBeforeAnythingIsWritten() throws {
        let store = try ledger()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cc-random-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("random.csv")
        var generator = SystemRandomNumberGenerator()
        try Data((0..<200_000).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: file)
        #expect { try CodeCarbonImport.run(file: file.path, into: store, skipBad: true) } throws: { error in
            (error as? LedgerError)?.reason == .badImport
        }
        #expect(try store.runs().isEmpty)
    }
}

@Suite struct OriginalCellsTests {
    /// The hand-written JSON of a row's cells decodes to the same cells, whatever they hold.
    @Test func originalCellsRoundTrip() throws {
        let values = ["a": "plain", "b": "quote \" backslash \\ tab \t newline \n bell \u{7} é 訓", "c": ""]
        let text = CodeCarbonImport.encodeOriginal(header: ["a", "b", "c"], values: values)
        struct Original: Decodable { var columns: [String]; var values: [String: String] }
        let decoded = try JSONDecoder().decode(Original.self, from: Data(text.utf8))
        #expect(decoded.columns == ["a", "b", "c"])
        #expect(decoded.values == values)
    }

    /// A timestamp with an offset is that zone's time; a day the month does not have, or trailing
    /// text, is not a timestamp (mktime moved 2024-02-30 to March 1st).
    @Test func timestampsKeepTheirOffsetAndRefuseImpossibleDays() throws {
        let utc = try #require(CodeCarbonImport.parseTimestamp("2024-05-01T12:00:00Z"))
        #expect(CodeCarbonImport.parseTimestamp("2024-05-01T14:00:00+02:00") == utc)
        #expect(CodeCarbonImport.parseTimestamp("2024-05-01T07:00:00-0500") == utc)
        #expect(CodeCarbonImport.parseTimestamp("2024-05-01T12:00:00.250+00:00") == utc + 0.25)
        #expect(CodeCarbonImport.parseTimestamp("2024-02-29T12:00:00") != nil)
        for bad in [
            "2024-02-30T12:00:00", "2023-02-29T00:00:00", "2024-04-31T00:00:00", "2024-05-01T12:00:00+2",
            "2024-05-01T12:00:00 garbage", "2024-05-01T12:00:00+25:00"
        ] {
            #expect(CodeCarbonImport.parseTimestamp(bad) == nil, "\(bad)")
        }
    }
}
