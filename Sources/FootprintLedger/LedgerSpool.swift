import FootprintCore
import Foundation

/// Where a server ledger's runs are recorded first: a SQLite ledger of this user's, one per server
/// database, from which they are delivered. Every crash guarantee of the SQLite ledger holds here
/// (a killed recorder's samples are in its sample log, which the next open folds), so a server
/// that is down, restarting or refusing the password costs no sample: the run waits in the spool.
///
/// A run leaves the spool only once it has ended and the server has confirmed holding all of its
/// samples.
public struct LedgerSpool: Sendable, Hashable {
    /// The spool's SQLite file.
    public let path: String
    /// The server ledger it delivers to, as it is printed (never with a password).
    public let target: String

    /// The spool of the ledger at `location` (a URL without its password) in `folder`.
    public init(folder: String, target location: String) {
        path = folder + "/" + Self.fileName(for: location)
        target = location
    }

    /// The spool of `location` in the data folder's `spool/`.
    public init(target location: String, environment: [String: String]) {
        self.init(folder: Host.dataFolder(environment: environment) + "/spool", target: location)
    }

    /// A file name for a ledger's location: its readable part (the query, which says how to
    /// connect rather than where, left out) with every character a file name should not hold made
    /// `_`, then a hash of that part, so that two locations that read alike keep apart.
    ///
    /// Only a location already stripped of its password may come here: the name is shown and stays
    /// on disk.
    public static func fileName(for location: String) -> String {
        let database = location.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        var place = database
        if let scheme = place.range(of: "://") { place = place[scheme.upperBound...] }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-@")
        let readable = String(place.prefix(80).map { allowed.contains($0) ? $0 : "_" })
        // FNV-1a, the hash the sample logs use.
        let hash = SampleLog.hash(0, ArraySlice(Array(database.utf8)))
        return readable + "-" + String(hash, radix: 16) + ".sqlite"
    }

    /// Whether anything was ever spooled here.
    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Opens the spool, creating it when missing; runs whose recorder died are folded from their
    /// sample logs on the way.
    public func open() throws(LedgerError) -> Ledger {
        try Ledger(path: path, access: .create)
    }

    /// What a delivery of the spool did.
    public struct Delivery: Sendable, Hashable {
        /// Runs delivered (ended ones, and those whose recorder died).
        public var runs = 0
        /// Samples the server did not have.
        public var samplesAdded = 0
        /// Delivered runs removed from the spool once the server confirmed their samples.
        public var removed = 0
        /// Runs left in the spool: still being recorded, or not confirmed.
        public var remaining = 0

        public init() {}
    }

    /// Delivers every run of `spool` no live recorder is writing (except `excluded`) to `target`,
    /// and removes each from the spool once the target holds all its samples.
    /// - Throws: the target's ``LedgerError`` (`.unreachable`, `.authentication`…): what was
    ///   delivered before it stays delivered, the rest stays in the spool.
    public static func deliver(
        _ spool: Ledger, to target: any RunBundleStore, excluding excluded: Set<String> = []
    ) throws(LedgerError) -> Delivery {
        var delivery = Delivery()
        for run in try spool.runs(RunFilter(), limit: nil).reversed() where !excluded.contains(run.id) {
            guard run.status != .running else {
                delivery.remaining += 1
                continue
            }
            guard let stored = try LedgerTransfer.copy(run: run.id, from: spool, to: target) else { continue }
            delivery.runs += 1
            delivery.samplesAdded += stored.samplesAdded
            if try removeIfDelivered(run.id, from: spool, to: target) {
                delivery.removed += 1
            } else {
                delivery.remaining += 1
            }
        }
        return delivery
    }

    /// Removes an ended run from the spool when the target holds as many of its samples as the
    /// spool does; true when the spool no longer holds it (another command that delivered it too
    /// may have removed it first).
    static func removeIfDelivered(
        _ runID: String, from spool: Ledger, to target: any RunBundleStore
    ) throws(LedgerError) -> Bool {
        guard try target.sampleCount(of: runID) >= spool.sampleCount(of: runID) else { return false }
        try spool.delete([runID], includingRunningOnOtherHosts: false)
        return true
    }
}
