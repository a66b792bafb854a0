import Foundation
import Testing

@testable import FootprintLedger
@testable import FootprintPostgres

@Suite struct PostgresCredentialsTests {
    let location: PostgresLocation

    init() throws {
        location = try PostgresLocation(parsing: "postgres://ana@db.example.org:6543/runs")
    }

    func folder() throws -> String {
        let path = NSTemporaryDirectory() + "footprint-pgpass-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func write(_ text: String, to path: String, mode: Int = 0o600) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    @Test func theURLsPasswordComesFirst() throws {
        let withPassword = try PostgresLocation(parsing: "postgres://ana:fromurl@h/d")
        let found = try PostgresCredentials.resolve(
            for: withPassword, passwordFile: "/nonexistent", environment: ["PGPASSWORD": "fromenv"])
        #expect(found.password == "fromurl")
        #expect(found.source == .url)
    }

    @Test func thenThePasswordFileThenPGPASSWORD() throws {
        let dir = try folder()
        try write("fromfile\r\nsecond line\n", to: dir + "/pw")
        let fromFile = try PostgresCredentials.resolve(
            for: location, passwordFile: dir + "/pw", environment: ["PGPASSWORD": "fromenv"])
        #expect(fromFile.password == "fromfile")
        let fromEnvironment = try PostgresCredentials.resolve(
            for: location, passwordFile: nil, environment: ["PGPASSWORD": "fromenv", "HOME": dir])
        #expect(fromEnvironment.password == "fromenv")
        #expect(fromEnvironment.source == .environment)
    }

    @Test func aMissingOrEmptyPasswordFileIsRefused() throws {
        let dir = try folder()
        try write("\n", to: dir + "/empty")
        for file in [dir + "/missing", dir + "/empty"] {
            #expect {
                _ = try PostgresCredentials.resolve(for: location, passwordFile: file, environment: [:])
            } throws: { error in
                (error as? LedgerError)?.reason == .authentication
                    && (error as? LedgerError)?.description.contains(file) == true
            }
        }
    }

    @Test func pgpassMatchesWithWildcardsAndEscapes() throws {
        let dir = try folder()
        try write(
            """
            # a comment
            other.host:*:*:*:wrong
            db.example.org:6543:runs:bob:wrong-user
            db.example.org:*:*:ana:pa\\:ss\\\\word
            *:*:*:*:fallback
            """, to: dir + "/.pgpass")
        let found = try PostgresCredentials.resolve(for: location, passwordFile: nil, environment: ["HOME": dir])
        #expect(found.password == "pa:ss\\word")
        #expect(found.source == .passFile)
        let elsewhere = try PostgresLocation(parsing: "postgres://zed@else/d")
        #expect(
            try PostgresCredentials.resolve(for: elsewhere, passwordFile: nil, environment: ["HOME": dir]).password
                == "fallback")
    }

    @Test func pgpassFileIsTakenFromPGPASSFILE() throws {
        let dir = try folder()
        try write("*:*:*:ana:chosen\n", to: dir + "/mine")
        let found = try PostgresCredentials.resolve(
            for: location, passwordFile: nil, environment: ["HOME": "/nonexistent", "PGPASSFILE": dir + "/mine"])
        #expect(found.password == "chosen")
    }

    @Test func aPgpassOthersCanReadIsIgnoredWithANote() throws {
        let dir = try folder()
        try write("*:*:*:*:secret\n", to: dir + "/.pgpass", mode: 0o644)
        let found = try PostgresCredentials.resolve(for: location, passwordFile: nil, environment: ["HOME": dir])
        #expect(found.password == nil)
        #expect(found.notes.count == 1)
        #expect(found.notes.first?.contains("chmod 600") == true)
        #expect(found.notes.first?.contains("secret") == false)
    }

    @Test func noPasswordAnywhereIsNone() throws {
        let found = try PostgresCredentials.resolve(
            for: location, passwordFile: nil, environment: ["HOME": "/nonexistent"])
        #expect(found.password == nil)
        #expect(found.source == PostgresCredentials.Source.none)
    }
}
