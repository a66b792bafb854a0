import Testing

@testable import FootprintLedger
@testable import FootprintPostgres

@Suite struct PostgresLocationTests {
    @Test func readsEveryPart() throws {
        let location = try PostgresLocation(
            parsing: "postgresql://ana:s%3Acret%40x@db.example.org:6543/team%20runs?sslmode=verify-full&"
                + "sslrootcert=/etc/ca.pem&connect_timeout=3")
        #expect(location.user == "ana")
        #expect(location.password == "s:cret@x")
        #expect(location.host == "db.example.org")
        #expect(location.port == 6543)
        #expect(location.database == "team runs")
        #expect(location.tls == .verifyFull)
        #expect(location.rootCertificates == "/etc/ca.pem")
        #expect(location.connectTimeout == 3)
        #expect(
            location.redacted
                == "postgres://ana@db.example.org:6543/team%20runs?sslmode=verify-full&sslrootcert=/etc/ca.pem&connect_timeout=3"
        )
    }

    @Test func defaultsAsLibpqDoes() throws {
        let location = try PostgresLocation(parsing: "postgres://bob@localhost")
        #expect(location.port == 5432)
        #expect(location.database == "bob")
        #expect(location.tls == .prefer)
        #expect(location.password == nil)
        #expect(location.redacted == "postgres://bob@localhost:5432/bob")
    }

    @Test func readsIPv6Hosts() throws {
        let location = try PostgresLocation(parsing: "postgres://u:pw@[::1]:5433/d")
        #expect(location.host == "::1")
        #expect(location.port == 5433)
        #expect(location.redacted == "postgres://u@[::1]:5433/d")
        #expect(try PostgresLocation(parsing: "postgres://u@[fe80::1]/d").port == 5432)
    }

    @Test func aPasswordWithAnAtSignSplitsAtTheLastOne() throws {
        let location = try PostgresLocation(parsing: "postgres://u:p@ss@host/d")
        #expect(location.password == "p@ss")
        #expect(location.host == "host")
    }

    @Test(arguments: [
        ("mysql://u@h/d", "does not start with postgres://"),
        ("postgres://h/d", "names no user"),
        ("postgres://u@/d", "names no host"),
        ("postgres://u@h:99999/d", "port '99999'"),
        ("postgres://u@h:x/d", "port 'x'"),
        ("postgres://u@h/d?sslmode=sometimes", "sslmode=sometimes"),
        ("postgres://u@h/d?color=blue", "'color'"),
        ("postgres://u@h/d?connect_timeout=-1", "connect_timeout=-1"),
        ("postgres://u@[::1/d", "closing ]"),
        ("postgres://u@h1,h2/d", "several hosts"),
        ("postgres://u%zz@h/d", "user name with a %"),
        ("postgres://u@h/d#x", "fragment")
    ])
    func refusesWhatItCannotUse(url: String, named: String) {
        #expect {
            _ = try PostgresLocation(parsing: url)
        } throws: { error in
            let error = error as? LedgerError
            return error?.reason == .badLocation && error?.description.contains(named) == true
        }
    }

    @Test func aBadPartNeverRepeatsThePassword() {
        for url in ["postgres://u:hunter2@h:port/d", "postgres://u:hunter2@h/d?x=1", "postgres://u:hunter2%@h/d"] {
            do {
                _ = try PostgresLocation(parsing: url)
                Issue.record("\(url) was accepted")
            } catch {
                #expect(!error.description.contains("hunter2"))
            }
        }
    }

    @Test func tellsURLsFromPaths() {
        #expect(PostgresLocation.isPostgresURL("postgres://u@h/d"))
        #expect(PostgresLocation.isPostgresURL("POSTGRESQL://u@h/d"))
        #expect(!PostgresLocation.isPostgresURL("/home/u/ledger.sqlite"))
        #expect(!PostgresLocation.isPostgresURL("postgres.sqlite"))
    }
}
