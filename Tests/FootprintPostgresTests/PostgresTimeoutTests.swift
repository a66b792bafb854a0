import Foundation
import Testing

@testable import FootprintLedger
@testable import FootprintPostgres

/// Every wait on the server is bounded: a connection, a query; a lost connection is made again by
/// the next call.
@Suite(.enabled(if: TestCluster.available, TestCluster.skipReason))
struct PostgresTimeoutTests {
    @Test func aQueryThatTakesTooLongIsUnreachableAndTheNextCallConnectsAgain() throws {
        let server = try TestCluster.shared()
        let url = try server.freshDatabase()
        let ledger = try PostgresLedger(
            location: try PostgresLocation(parsing: url), password: server.password, access: .create,
            queryTimeout: 0.5)
        #expect {
            try ledger.session.withConnection { queries in try queries.execute("SELECT pg_sleep(5)") }
        } throws: { error in
            let error = error as? LedgerError
            return error?.reason == .unreachable && error?.description.contains("did not answer within 0.5 s") == true
        }
        #expect(try ledger.runs().isEmpty)
    }

    @Test func aServerThatNeverAnswersIsUnreachableAfterTheConnectTimeout() throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let started = Date()
        #expect {
            _ = try PostgresLedger(
                location: try PostgresLocation(
                    parsing: "postgres://u@127.0.0.1:\(silent.port)/d?sslmode=disable&connect_timeout=1"),
                password: "pw", access: .read)
        } throws: { error in
            let error = error as? LedgerError
            return error?.reason == .unreachable && error?.description.contains("within 1 s") == true
        }
        // Not a timing assertion: only that the call came back at all instead of waiting for ever.
        #expect(Date().timeIntervalSince(started) < 60)
    }

    @Test func aRestartedServerIsUsedAgainByTheNextCall() throws {
        let server = try TestCluster.dedicated()
        defer { server.remove() }
        let ledger = try server.ledger(try server.freshDatabase())
        try ledger.store(Records.bundle(Records.run("before"), samples: Records.samples(3)))
        try server.restart()
        // The first call after the restart may find its connection gone (unreachable); the next connects anew.
        var runs = try? ledger.runs()
        if runs == nil { runs = try ledger.runs() }
        #expect(runs?.map(\.id) == ["before"])
    }

    @Test func aStoppedServerIsUnreachableWithoutThePassword() throws {
        let server = try TestCluster.dedicated()
        defer { server.remove() }
        let url = try server.freshDatabase()
        let withPassword = url.replacingOccurrences(of: "footprint@", with: "footprint:\(server.password)@")
        let ledger = try PostgresLedger.open(url: withPassword, passwordFile: nil, environment: [:], access: .create)
        try server.stop()
        #expect {
            _ = try ledger.runs()
        } throws: { error in
            (error as? LedgerError)?.reason == .unreachable && !"\(error)".contains(server.password)
        }
        #expect {
            _ = try PostgresLedger.open(url: withPassword, passwordFile: nil, environment: [:], access: .read)
        } throws: { error in
            (error as? LedgerError)?.reason == .unreachable && !"\(error)".contains(server.password)
        }
    }
}

/// A TCP port on loopback that accepts connections (the kernel completes them) and never says a word.
struct SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && listen(descriptor, 8) == 0
                    && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw ClusterScriptFailure(description: "cannot listen on loopback: errno \(errno)") }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
