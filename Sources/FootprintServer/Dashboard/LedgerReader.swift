import Dispatch
import FootprintLedger

/// The dashboard's way to a ledger: every call of the (blocking) store runs on a dispatch queue of
/// its own, never on a thread of Swift's concurrency pool, which a PostgreSQL ledger waiting on
/// the network, or a large SQLite query, would otherwise hold up for every other request.
public struct LedgerReader: Sendable {
    public let store: any LedgerStore
    private let queue = DispatchQueue(label: "footprint.serve.ledger", qos: .userInitiated, attributes: .concurrent)

    public init(store: any LedgerStore) {
        self.store = store
    }

    /// `body` run with the store on the reader's queue; its result or error handed back.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any LedgerStore) throws -> T) async throws -> T {
        let store = self.store
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try body(store) })
            }
        }
    }
}
