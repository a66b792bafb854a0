import FootprintCore
import Foundation
import GRDB
import Testing

@testable import FootprintLedger

/// The run vocabulary is parsed once where the ledger reads a row: words older footprints wrote
/// still read, and a word this version does not know is refused with its name, never guessed.
@Suite struct StoredVocabularyTests {
    /// A ledger holding one finished run written by hand, with the given stored words.
    func ledger(
        status: String = "finished", scope: String = "process", source: String = "footprint",
        methods: (cpu: String?, gpu: String?, ram: String?) = ("measured:rapl", "none", "modeled:ram-per-gb")
    ) throws -> Ledger {
        let path = LedgerTests().temporaryLedgerPath()
        let ledger = try Ledger(path: path)
        try ledger.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO run (id, source, name, command, host, started_at, scope, intensity_g_per_kwh, pue, status,
                        duration_s, cpu_j, gpu_j, ram_j, cpu_method, gpu_method, ram_method, energy_j, co2e_g)
                    VALUES ('4f2a0000-1', ?, 'stored', '[]', 'h', 1800000000, ?, 400, 1, ?, 2, 10, 0, 1, ?, ?, ?, 11, 0.0012)
                    """, arguments: [source, scope, status, methods.cpu, methods.gpu, methods.ram])
        }
        return ledger
    }

    @Test func wordsOlderLedgersStoredStillRead() throws {
        // Before "none" was written, a machine without a GPU stored an empty method: it reads as none.
        let empty = try ledger(methods: ("measured:rapl", "", "modeled:ram-per-gb")).run("4f2a")
        #expect(empty.methods == [.cpu: .rapl, .gpu: MeasurementMethod.none, .ram: .ramPerGigabyte])
        #expect(empty.status == .finished && empty.scope == .process && empty.source == .footprint)
        // No method at all (NULL: the run never ended) is not recorded, not "none".
        let unrecorded = try ledger(status: "interrupted", methods: (nil, nil, nil)).run("4f2a")
        #expect(unrecorded.methods.isEmpty)
        #expect(unrecorded.status == .interrupted)
        #expect(!Component.gpu.isReported(method: unrecorded.methods[.gpu], energy: .zero))
        // What an import stores.
        let imported = try ledger(
            scope: "machine", source: "codecarbon",
            methods: ("imported:codecarbon", "imported:codecarbon", "imported:codecarbon")
        ).run("4f2a")
        #expect(imported.source == .codecarbon && imported.scope == .machine)
        #expect(imported.methods[.gpu] == .importedCodeCarbon)
        // Every word this version writes reads back as itself.
        for method in MeasurementMethod.allCases {
            #expect(try ledger(methods: (method.rawValue, nil, nil)).run("4f2a").methods[.cpu] == method)
        }
        for status in [RunStatus.finished, .interrupted] {
            #expect(try ledger(status: status.rawValue).run("4f2a").status == status)
        }
    }

    @Test(arguments: [
        (["status": "paused"], "status 'paused'"),
        (["scope": "container"], "scope 'container'"),
        (["source": "powerjoular"], "source 'powerjoular'"),
        (["gpu": "measured:amd-smi"], "gpu method 'measured:amd-smi'")
    ])
    func anUnknownStoredWordIsRefusedWithItsName(word: [String: String], named: String) throws {
        let store = try ledger(
            status: word["status"] ?? "finished", scope: word["scope"] ?? "process",
            source: word["source"] ?? "footprint", methods: ("measured:rapl", word["gpu"] ?? "none", "none"))
        let expected = "run 4f2a0000-1 has \(named), which this version of footprint does not know"
        // Totals of finished runs are SQLite's sums, which need no words; every read of the run does.
        for read in [{ _ = try store.run("4f2a") }, { _ = try store.runs() }] as [() throws -> Void] {
            #expect {
                try read()
            } throws: { error in
                let error = error as? LedgerError
                return error?.reason == .unknownStoredValue && error?.description.hasPrefix(expected) == true
            }
        }
        #expect(throws: LedgerError.self) { try store.forEachRun(RunFilter(), newestFirst: true) { _ in } }
    }

    /// A CodeCarbon row whose tracking mode is neither of CodeCarbon's is a bad row, not a scope
    /// the ledger would later fail to read.
    @Test func anImportedUnknownTrackingModeIsABadRow() throws {
        let text = """
            timestamp,run_id,duration,emissions,energy_consumed,tracking_mode
            2024-05-01T12:00:00,a,1,0.000001,0.00001,machine
            2024-05-01T12:00:01,b,1,0.000001,0.00001,container
            2024-05-01T12:00:02,c,1,0.000001,0.00001,
            """
        let store = try Ledger(path: LedgerTests().temporaryLedgerPath())
        let outcome = try CodeCarbonImport.run(text, file: "e.csv", into: store, skipBad: true)
        #expect(outcome.problems == ["line 3: tracking_mode 'container' is neither machine nor process"])
        #expect(try store.run("a").scope == .machine)
        #expect(try store.run("c").scope == .machine, "CodeCarbon's default")
    }
}
