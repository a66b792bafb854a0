import Foundation
import Synchronization
import Testing

/// Jobs end to end: runs started with a scheduler's environment record their job, and the job view
/// shows them across nodes with each node counted once.
@Suite struct JobCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-jobs-\(UUID().uuidString)")
    var ledger: String { folder.appendingPathComponent("ledger.sqlite").path }

    /// The scheduler variables of the machine the tests run on are blanked (an empty value is no
    /// value), so that only the test's own name a job.
    static let clean = [
        "SLURM_JOB_ID", "SLURM_ARRAY_JOB_ID", "SLURM_ARRAY_TASK_ID", "SLURM_PROCID", "SLURM_LOCALID", "SLURM_NTASKS",
        "SLURMD_NODENAME", "SLURM_JOB_NAME", "TORCHELASTIC_RUN_ID", "RANK", "LOCAL_RANK", "WORLD_SIZE",
        "KUBERNETES_SERVICE_HOST", "POD_NAME", "POD_NAMESPACE", "NODE_NAME", "JOB_NAME", "JOB_COMPLETION_INDEX"
    ].reduce(into: [String: String]()) { $0[$1] = "" }

    func environment(_ variables: [String: String]) -> [String: String] {
        Self.clean.merging(["FOOTPRINT_LEDGER": ledger, "FOOTPRINT_DATA_DIR": folder.path]) { $1 }
            .merging(variables) { $1 }
    }

    static func slurm(rank: Int, node: Int) -> [String: String] {
        [
            "SLURM_JOB_ID": "4242", "SLURM_JOB_NAME": "train", "SLURM_PROCID": "\(rank)",
            "SLURM_LOCALID": "\(rank % 2)",
            "SLURM_NTASKS": "4", "SLURMD_NODENAME": "node\(node)", "SLURM_NODEID": "\(node - 1)"
        ]
    }

    /// Machine IT energy of a `run --json` summary, kWh.
    static func machineKWh(_ summary: [String: Any]) -> Double {
        let components = summary["components"] as? [String: [String: Any]] ?? [:]
        return components.values.reduce(0) { $0 + ($1["machine_energy_kwh"] as? Double ?? 0) }
    }

    func object(_ result: CLIRunner.Result) throws -> [String: Any] {
        try #require(result.status == 0, "\(result.stderr)")
        return try result.json()
    }

    /// Two nodes × two ranks, each rank its own `footprint run` process into one ledger; on each node
    /// rank 0's run starts first and rank 1's runs inside it.
    @Test func aJobOfTwoNodesAndTwoRanksCountsEachNodeOnce() throws {
        let summaries = Mutex<[Int: CLIRunner.Result]>([:])
        let group = DispatchGroup()
        for rank in 0..<4 {
            let env = environment(Self.slurm(rank: rank, node: rank / 2 + 1))
            let late = rank % 2 == 1
            DispatchQueue.global().async(group: group) {
                if late { usleep(600_000) }
                let result = try? CLIRunner.run(
                    ["run", "--json", "--quiet", "--interval", "0.1", "--", "sleep", late ? "0.5" : "2"],
                    environment: env)
                summaries.withLock { $0[rank] = result }
            }
        }
        group.wait()
        var machine: [Int: Double] = [:]
        var runIDs: [Int: String] = [:]
        var spans: [Int: ClosedRange<Double>] = [:]
        for rank in 0..<4 {
            let summary = try object(try #require(summaries.withLock { $0[rank] }))
            machine[rank] = Self.machineKWh(summary)
            runIDs[rank] = summary["run_id"] as? String
            let job = try #require(summary["job"] as? [String: Any])
            #expect(job["scheduler"] as? String == "slurm" && job["id"] as? String == "4242")
            #expect(job["rank"] as? Int == rank && job["local_rank"] as? Int == rank % 2)
        }
        for rank in 0..<4 {
            let shown = try object(
                try CLIRunner.run(["runs", "show", "--json", runIDs[rank] ?? ""], environment: environment([:])))
            let started = try #require(ISO8601DateFormatter().date(from: shown["started_at"] as? String ?? ""))
            let duration = shown["duration_s"] as? Double ?? 0
            spans[rank] = started.timeIntervalSince1970...(started.timeIntervalSince1970 + duration)
            #expect((shown["job"] as? [String: Any])?["node"] as? String == "node\(rank / 2 + 1)")
        }

        let view = try object(try CLIRunner.run(["runs", "--job", "4242", "--json"], environment: environment([:])))
        #expect(view["job_id"] as? String == "4242")
        #expect(Set(view["runs"] as? [String] ?? []) == Set(runIDs.values))
        let nodes = try #require(view["nodes"] as? [[String: Any]])
        #expect(nodes.map { $0["node"] as? String } == ["node1", "node2"])
        var total = 0.0
        for (index, node) in nodes.enumerated() {
            let ranks = try #require(node["ranks"] as? [[String: Any]])
            #expect(ranks.map { $0["rank"] as? Int } == [index * 2, index * 2 + 1])
            #expect(ranks.map { $0["run_id"] as? String } == [runIDs[index * 2], runIDs[index * 2 + 1]])
            let components = try #require(node["components"] as? [String: Double])
            let it = components.values.reduce(0, +)
            let first = machine[index * 2] ?? 0, second = machine[index * 2 + 1] ?? 0
            // Local rank 0 measures the node whole; rank 1 adds only what rank 0 did not sample.
            #expect(it >= first * (1 - 1e-9), "node\(index + 1): \(it) kWh against rank 0's \(first)")
            #expect(it <= (first + second) * (1 + 1e-9))
            if let a = spans[index * 2], let b = spans[index * 2 + 1], a.overlaps(b), second > 0 {
                #expect(it < first + second, "node\(index + 1) counted twice: \(it) = \(first) + \(second)")
            }
            for rank in ranks { #expect((rank["share"] as? Double ?? -1) >= 0) }
            total += node["energy_kwh"] as? Double ?? 0
        }
        #expect(abs((view["energy_kwh"] as? Double ?? 0) - total) <= total * 1e-9)
        #expect((view["duration_s"] as? Double ?? 0) > 1.5)
        #expect(view["co2e_kg"] is Double)

        let listing = try CLIRunner.run(["runs"], environment: environment([:]))
        #expect(listing.stdout.split(separator: "\n").first?.contains(" job ") == true, "\(listing.stdout)")
        let table = try CLIRunner.run(["runs", "--job", "4242"], environment: environment([:]))
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Job 4242 (train)") && table.stdout.contains("node node2"), "\(table.stdout)")

        let page = folder.appendingPathComponent("job.html").path
        let html = try CLIRunner.run(["report", "--job", "4242", "--html", page], environment: environment([:]))
        #expect(html.status == 0, "\(html.stderr)")
        let text = try String(contentsOfFile: page, encoding: .utf8)
        #expect(text.contains("Job 4242") && text.contains("node1") && text.contains("<svg"))
        let markdown = try CLIRunner.run(["report", "--job", "4242", "--markdown"], environment: environment([:]))
        #expect(markdown.status == 0 && markdown.stdout.contains("| node2 |"), "\(markdown.stderr)")
    }

    /// torchrun alone: the node is the host, the ranks torchrun's.
    @Test func torchrunRanksOnOneHostAreOneNode() throws {
        for rank in 0..<2 {
            let result = try CLIRunner.run(
                ["run", "--quiet", "--", "true"],
                environment: environment([
                    "TORCHELASTIC_RUN_ID": "tr-9", "RANK": "\(rank)", "LOCAL_RANK": "\(rank)", "WORLD_SIZE": "2"
                ]))
            #expect(result.status == 0, "\(result.stderr)")
        }
        let view = try object(try CLIRunner.run(["runs", "--job", "tr-9", "--json"], environment: environment([:])))
        let nodes = try #require(view["nodes"] as? [[String: Any]])
        #expect(nodes.count == 1)
        #expect((nodes.first?["ranks"] as? [[String: Any]])?.map { $0["local_rank"] as? Int } == [0, 1])
    }

    @Test func aJobByHand() throws {
        let result = try CLIRunner.run(
            ["run", "--json", "--quiet", "--job", "exp42", "--", "true"], environment: environment([:]))
        let summary = try object(result)
        let job = try #require(summary["job"] as? [String: Any])
        #expect(job["scheduler"] as? String == "manual" && job["id"] as? String == "exp42")
        let id = summary["run_id"] as? String ?? ""
        let shown = try CLIRunner.run(["runs", "show", id], environment: environment([:]))
        #expect(shown.stdout.contains("job        exp42, manual"), "\(shown.stdout)")
        // --job with the id the scheduler gave keeps the scheduler's record.
        let same = try object(
            try CLIRunner.run(
                ["run", "--json", "--quiet", "--job", "4242", "--", "true"],
                environment: environment(Self.slurm(rank: 1, node: 1))))
        #expect((same["job"] as? [String: Any])?["scheduler"] as? String == "slurm")
        // A run outside any job says so with null.
        let listed = try CLIRunner.run(["runs", "--json"], environment: environment([:]))
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(rows.allSatisfy { $0.keys.contains("job") })
    }

    @Test(arguments: ["", "a\nb", String(repeating: "j", count: 257)])
    func aJobIDThatCannotBeRecordedIsRefused(_ id: String) throws {
        let result = try CLIRunner.run(["run", "--job", id, "--", "true"], environment: environment([:]))
        #expect(result.status == 2)
        #expect(result.stderr.contains("--job") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ledger))
    }

    @Test func anUnknownJobIsOneLine() throws {
        let result = try CLIRunner.run(["run", "--quiet", "--", "true"], environment: environment([:]))
        #expect(result.status == 0)
        for command in [["runs", "--job", "nope"], ["report", "--job", "nope", "--markdown"]] {
            let unknown = try CLIRunner.run(command, environment: environment([:]))
            #expect(unknown.status == 2)
            #expect(
                unknown.stderr.contains("no job 'nope'") || unknown.stderr.contains("no job \"nope\""),
                "\(unknown.stderr)")
            #expect(unknown.stderr.contains("footprint runs") && unknown.stderr.split(separator: "\n").count == 1)
        }
    }
}
