import Foundation
import Testing

/// `lab train --save FILE`, `--init FILE` and `--freeze N`, end to end.
@Suite struct LabWeightsCommandTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("weights-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static let small = ["--data", "synthetic", "--samples", "300", "--inputs", "8", "--batch", "16"]

    @Test func savedWeightsStartTheNextRunAndEverythingFrozenChangesNothing() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = folder.appendingPathComponent("first.safetensors").path
        let trained = try CLIRunner.run(
            ["lab", "train", "--mlp", "2x16", "--epochs", "4", "--save", first, "--json"] + Self.small)
        #expect(trained.status == 0, "\(trained.stderr)")
        let before = try trained.json()
        #expect(before["saved_weights"] as? String == first)
        #expect(before["frozen_layers"] as? Int == 0)
        #expect(before["trainable_parameters"] as? Int == before["parameters"] as? Int)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["first.safetensors"],
            "no temporary left")

        // The model comes from the file; with all three layers frozen, training changes no weight:
        // the same test figures, and the file written again byte for byte.
        let again = folder.appendingPathComponent("again.safetensors").path
        let frozen = try CLIRunner.run(
            ["lab", "train", "--init", first, "--freeze", "3", "--epochs", "1", "--save", again, "--json"]
                + Self.small)
        #expect(frozen.status == 0, "\(frozen.stderr)")
        let after = try frozen.json()
        #expect(after["model"] as? String == "mlp-2x16")
        #expect(after["initial_weights"] as? String == first)
        #expect(after["frozen_layers"] as? Int == 3 && after["trainable_parameters"] as? Int == 0)
        #expect(after["test_loss"] as? Double == before["test_loss"] as? Double)
        #expect(after["test_accuracy"] as? Double == before["test_accuracy"] as? Double)
        #expect(FileManager.default.contents(atPath: again) == FileManager.default.contents(atPath: first))

        // Fine-tuning the last layer only: 16·10 + 10 parameters train, and the text says so.
        let head = try CLIRunner.run(["lab", "train", "--init", first, "--freeze", "2", "--epochs", "1"] + Self.small)
        #expect(head.status == 0, "\(head.stderr)")
        #expect(head.stdout.contains("weights     from \(first); first 2 layers with weights frozen (170 of 586"))
    }

    @Test func weightsThatDoNotFitAreRefusedBeforeTraining() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.safetensors").path
        #expect(
            try CLIRunner.run(["lab", "train", "--mlp", "1x16", "--epochs", "1", "--save", path] + Self.small).status
                == 0)

        let wrong = try CLIRunner.run(["lab", "train", "--mlp", "1x32", "--init", path] + Self.small)
        #expect(wrong.status == 2)
        #expect(
            wrong.stderr
                == "error: --init \(path): layer 1 (dense 8→32): layers.0.weight is [16, 8] in the file but [32, 8] in the network\n"
        )
        #expect(wrong.stdout.isEmpty, "nothing trained")

        let tooMany = try CLIRunner.run(["lab", "train", "--init", path, "--freeze", "3"] + Self.small)
        #expect(tooMany.status == 2)
        #expect(tooMany.stderr == "error: --freeze must be from 0 to 2, the layers with weights in mlp-1x16; got 3\n")

        // Cut short, or not the format at all: one line, exit 2, never a crash.
        let bytes = try #require(FileManager.default.contents(atPath: path))
        let truncated = folder.appendingPathComponent("cut.safetensors").path
        #expect(FileManager.default.createFile(atPath: truncated, contents: bytes.prefix(bytes.count - 5)))
        let notJSON = folder.appendingPathComponent("text.safetensors").path
        #expect(FileManager.default.createFile(atPath: notJSON, contents: Data("not weights at all".utf8)))
        for damaged in [truncated, notJSON] {
            let result = try CLIRunner.run(["lab", "train", "--init", damaged] + Self.small)
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("error: --init \(damaged) is not a readable safetensors file: "))
            #expect(result.stderr.filter { $0 == "\n" }.count == 1)
        }
        // A file that is not there is the flag's problem too, and says which flag.
        let missing = folder.appendingPathComponent("missing.safetensors").path
        let absent = try CLIRunner.run(["lab", "train", "--init", missing] + Self.small)
        #expect(absent.status == 2)
        #expect(absent.stderr == "error: --init: cannot read \(missing): no such file\n", "\(absent.stderr)")
    }

    @Test func anUnwritableSaveIsRefusedBeforeTraining() throws {
        for (path, message) in [
            (
                "/nonexistent/w.safetensors",
                "error: cannot write /nonexistent/w.safetensors: no such folder /nonexistent\n"
            ),
            (FileManager.default.temporaryDirectory.path, "it is a folder, not a file")
        ] {
            let result = try CLIRunner.run(["lab", "train", "--mlp", "1x8", "--save", path] + Self.small)
            #expect(result.status == 2)
            #expect(result.stderr.contains(message.trimmingCharacters(in: .newlines)), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let sparse = try CLIRunner.run(["lab", "train", "--sparse", "lasso", "--freeze", "1"] + Self.small)
        #expect(sparse.status == 2 && sparse.stderr.contains("not --sparse"))
    }
}
