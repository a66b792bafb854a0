import FootprintCore
import Foundation
import GRDB
import Testing

@testable import FootprintLedger

/// The SQLite side of the intensity readings that the shared suite cannot test through the store:
/// a ledger opened to read, and rows this version cannot read.
@Suite struct IntensityStorageTests {
    static let reading = IntensityReading(
        zone: "DE", start: 0, end: 3_600, intensity: .gramsPerKilowattHour(380), factor: .lifecycle, kind: .actual,
        source: "Electricity Maps", recordedAt: 10)

    func ledgerPath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-intensity-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("ledger.sqlite").path
    }

    @Test func aLedgerOpenedToReadReadsReadingsButStoresNone() throws {
        let path = try ledgerPath()
        try Ledger(path: path).storeIntensities([Self.reading])
        let reader = try Ledger(path: path, access: .read)
        #expect(try reader.intensities(zone: "DE", from: 0, to: 1, factors: nil, kinds: nil) == [Self.reading])
        var later = Self.reading
        later.recordedAt += 1
        #expect {
            try reader.storeIntensities([later])
        } throws: { error in
            (error as? LedgerError)?.reason == .readOnly
        }
    }

    /// A factor or kind a newer footprint stored is refused by name, not read as some other one.
    @Test func aFactorOrKindThisVersionDoesNotKnowIsRefused() throws {
        let path = try ledgerPath()
        let ledger = try Ledger(path: path)
        for (factor, kind) in [("consequential", "actual"), ("lifecycle", "nowcast")] {
            try ledger.database.write { db in
                try db.execute(sql: "DELETE FROM intensity")
                try db.execute(
                    sql: """
                        INSERT INTO intensity (zone, start_s, factor, kind, end_s, g_per_kwh, source, recorded_at_s)
                        VALUES ('DE', 0, ?, ?, 3600, 400, 'a newer footprint', 1)
                        """, arguments: [factor, kind])
            }
            let reads: [() throws -> Void] = [
                { _ = try ledger.intensities(zone: "DE", from: 0, to: 3_600, factors: nil, kinds: nil) },
                { _ = try ledger.intensityCoverage() }
            ]
            for read in reads {
                #expect {
                    try read()
                } throws: { error in
                    let error = error as? LedgerError
                    return error?.reason == .unknownStoredValue
                        && error?.description.contains("'\(factor == "lifecycle" ? kind : factor)'") == true
                }
            }
        }
    }
}
