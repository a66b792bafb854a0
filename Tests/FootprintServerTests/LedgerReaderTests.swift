import Dispatch
import FootprintLedger
import Foundation
import Testing

@testable import FootprintServer

/// The reader runs the ledger's blocking calls off Swift's concurrency pool: calls waiting on a slow
/// ledger (a PostgreSQL server across the network) leave the pool free for everything else.
@Suite struct LedgerReaderTests {
    @Test(.timeLimit(.minutes(1)))
    func blockedCallsLeaveTheConcurrencyPoolFree() async throws {
        let reader = LedgerReader(store: try DashboardLedger.seeded())
        let gate = DispatchSemaphore(value: 0)
        // More blocked calls than the pool has threads (one per core).
        let blocked = 4 * max(ProcessInfo.processInfo.activeProcessorCount, 2)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<blocked {
                group.addTask {
                    try await reader.read { store in
                        gate.wait()
                        return try store.totals().count
                    }
                }
            }
            // Were the calls on the pool's threads, this task would never get one.
            #expect(await Task.detached { 42 }.value == 42)
            for _ in 0..<blocked { gate.signal() }
            for try await count in group { #expect(count == 6) }
        }
    }
}
