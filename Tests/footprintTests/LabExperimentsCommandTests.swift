import Foundation
import Testing

@Suite struct LabExperimentsCommandTests {
    static let names = [
        "training-set-size", "epochs", "transfer-learning", "training-vs-inference", "model-size", "model-shape",
        "layer-type", "sparse-vs-deep", "precision", "batch-size", "pruning"
    ]

    @Test func listsEveryExperimentWithItsClaimAndSource() throws {
        let result = try CLIRunner.run(["lab", "experiments"])
        #expect(result.status == 0, "\(result.stderr)")
        for name in Self.names { #expect(result.stdout.contains(name), "\(name)") }
        #expect(result.stdout.contains("Gitzel et al. 2023"))
        #expect(result.stdout.contains("Tago (HACARUS)"))
        #expect(result.stdout.contains("claim"))
    }

    @Test func jsonGivesClaimSourceSweepAndRule() throws {
        let result = try CLIRunner.run(["lab", "experiments", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let entries = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: String]])
        #expect(entries.map { $0["name"] ?? "" } == Self.names)
        for entry in entries {
            #expect(Set(entry.keys) == ["name", "claim", "source", "sweep", "rule"], "\(entry)")
        }
        #expect(entries.first?["rule"]?.contains("R² ≥ 0.95") == true)
    }
}
