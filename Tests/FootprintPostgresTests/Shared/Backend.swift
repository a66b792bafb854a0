import FootprintCore
import FootprintLedger
import FootprintPostgres
import Foundation
import Testing

/// The two ledgers the shared suite holds to one behaviour: each test takes a fresh, empty one.
enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// The backends a test runs on: PostgreSQL only where a server can be started (or is required,
    /// and then its absence fails); the PostgreSQL-only suites say visibly that they were skipped.
    static var available: [Backend] { TestCluster.available ? allCases : [.sqlite] }

    /// A new, empty ledger of this backend.
    func emptyLedger() throws -> any RunBundleStore & IntensityStore {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "footprint-shared-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path)
        case .postgres:
            let server = try TestCluster.shared()
            return try server.ledger(try server.freshDatabase())
        }
    }

    /// A ledger holding `runs`, each stored as a bundle with `samples` samples, its tasks and a forecast.
    func ledger(holding runs: [RunRecord], samples: Int = 3) throws -> any RunBundleStore {
        let ledger = try emptyLedger()
        for run in runs { try ledger.store(Records.bundle(run, samples: Records.samples(samples))) }
        return ledger
    }
}
