import Foundation
import Testing

/// `footprint ledger push|pull` between two ledger files (one user's ledgers merged): the same code
/// that moves runs to and from a team's server, idempotent, with its refusals.
@Suite struct LedgerPushPullTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "footprint-push-\(UUID().uuidString)")
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
    var env: [String: String] { ["FOOTPRINT_DATA_DIR": folder.path] }

    func record(into ledger: String, project: String) throws {
        let result = try CLIRunner.run(
            ["run", "--quiet", "--ledger", ledger, "--project", project, "--interval", "0.05", "--", "sleep", "0.2"],
            environment: env)
        try #require(result.status == 0, "\(result.stderr)")
    }

    func runs(_ ledger: String) throws -> [[String: Any]] {
        let listed = try CLIRunner.run(["runs", "--json", "--ledger", ledger], environment: env)
        return try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
    }

    @Test func aSecondPushAddsNothingAndSaysSo() throws {
        let (mine, merged) = (path("mine.sqlite"), path("merged.sqlite"))
        try record(into: mine, project: "a")
        try record(into: mine, project: "b")
        let first = try CLIRunner.run(["ledger", "push", "--ledger", mine, "--to", merged], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("Pushed 2 runs from \(mine) to \(merged): 2 new, "), "\(first.stdout)")
        let second = try CLIRunner.run(["ledger", "push", "--ledger", mine, "--to", merged, "--json"], environment: env)
        let counts = try second.json()
        #expect(counts["runs"] as? Int == 2 && counts["new_runs"] as? Int == 0 && counts["samples_added"] as? Int == 0)
        let third = try CLIRunner.run(["ledger", "push", "--ledger", mine, "--to", merged], environment: env)
        #expect(third.stdout == "Nothing to push: all 2 runs are in \(merged) already.\n")
        let pushed = try runs(merged).compactMap { $0["id"] as? String }.sorted()
        #expect(pushed == (try runs(mine).compactMap { $0["id"] as? String }.sorted()))
        let shown = try CLIRunner.run(["runs", "show", "--json", "--ledger", merged, pushed[0]], environment: env)
        let original = try CLIRunner.run(["runs", "show", "--json", "--ledger", mine, pushed[0]], environment: env)
        #expect(try shown.json()["sample_count"] as? Int == original.json()["sample_count"] as? Int)
    }

    @Test func aPullTakesOneProject() throws {
        let (team, mine) = (path("team.sqlite"), path("mine.sqlite"))
        try record(into: team, project: "a")
        try record(into: team, project: "b")
        let result = try CLIRunner.run(
            ["ledger", "pull", "--ledger", mine, "--from", team, "--project", "b"], environment: env)
        #expect(result.status == 0 && result.stdout.hasPrefix("Pulled 1 run of project 'b' from \(team)"))
        #expect(try runs(mine).map { $0["project"] as? String } == ["b"])
    }

    @Test(arguments: [
        (["ledger", "push", "--to", "SELF"], "--to names the ledger itself"),
        (["ledger", "pull", "--from", "OTHER"], "Missing expected argument '--project"),
        (["ledger", "push", "--to", "postgres://u@h:99999/db"], "postgres://"),
        (["runs", "--password-file", "/nonexistent"], "--password-file is for a postgres:// ledger")
    ])
    func aMistakeIsAUsageError(_ arguments: [String], _ message: String) throws {
        let ledger = path("ledger.sqlite")
        try record(into: ledger, project: "p")
        let line = arguments.map { $0 == "SELF" ? ledger : $0 == "OTHER" ? path("other.sqlite") : $0 }
        let result = try CLIRunner.run(line + ["--ledger", ledger], environment: env)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    /// A password in the URL is never printed, nor put in the spool's name, whatever fails: here
    /// nothing listens on the port, so the run is kept in the spool and the commands fail.
    @Test func aPasswordInTheURLIsNeverPrinted() throws {
        let url = "postgres://alice:s3cr3t-pw@127.0.0.1:1/team"
        let run = try CLIRunner.run(["run", "--json", "--ledger", url, "--", "true"], environment: env)
        #expect(run.status == 0, "the run is measured and kept: \(run.stderr)")
        let notes = try #require(try run.json()["notes"] as? [String])
        #expect(notes.contains { $0.contains("this run is kept in the local spool") }, "\(notes)")
        var outputs = [run.stdout, run.stderr]
        for command in [["runs"], ["runs", "show", "x"], ["report", "x"], ["ledger", "push", "--to", url]] {
            let ledger = command.contains("push") ? path("ledger.sqlite") : url
            if command.contains("push") { try record(into: ledger, project: "p") }
            let result = try CLIRunner.run(command + ["--ledger", ledger], environment: env)
            #expect(
                result.status == 1 && result.stderr.contains("postgres://alice@127.0.0.1:1/team"), "\(result.stderr)")
            outputs += [result.stdout, result.stderr]
        }
        for output in outputs { #expect(!output.contains("s3cr3t"), "\(output)") }
        let spool = try FileManager.default.contentsOfDirectory(atPath: path("spool"))
        #expect(!spool.isEmpty && spool.allSatisfy { !$0.contains("s3cr3t") && !$0.contains("alice:") }, "\(spool)")
    }
}
