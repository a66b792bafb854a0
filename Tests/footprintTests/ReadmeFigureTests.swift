import Foundation
import Testing

/// The README's figures are what its commands print: each test finds a command's block in
/// README.md, runs the command, and compares what does not depend on the machine.
///
/// Training the lab's README models takes seconds in a release build and minutes in a debug one,
/// so those run only against a release binary: `.ci/run` builds one and runs this suite with
/// `FOOTPRINT_BINARY=.build/release/footprint`.
@Suite struct ReadmeFigureTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../README.md"
    ).standardized
    static let repository = readme.deletingLastPathComponent()
    static let releaseBinary = CLIRunner.binary.path.contains("/release/")

    /// The lines of the README's code block that starts with `$ command`, without the command.
    static func block(_ command: String) throws -> [String] {
        let lines = try String(contentsOf: readme, encoding: .utf8).components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "$ " + command), "README has no block for `\(command)`")
        return Array(lines[(start + 1)...].prefix { $0 != "```" && !$0.hasPrefix("$ ") })
    }

    /// Runs a README command from the repository, as the README shows it.
    static func run(_ command: String) throws -> [String] {
        let arguments = command.split(separator: " ").dropFirst().map(String.init)
        let result = try CLIRunner.run(arguments, in: repository)
        #expect(result.status == 0, "\(command): \(result.stderr)")
        return result.stdout.components(separatedBy: "\n").filter { !$0.isEmpty }
    }

    @Test func modelShowBlockIsWhatTheCommandPrints() throws {
        let command = "footprint model show Examples/digits-cnn.json"
        #expect(try Self.run(command) == Self.block(command))
    }

    @Test func estimateComputeFromAConfigBlockIsWhatTheCommandPrints() throws {
        let command =
            "footprint estimate compute --model Examples/llama-2-7b/config.json --tokens 2e12 --hardware a100-sxm4-80gb "
            + "--count 2048 --utilization 0.44 --pue 1.1 --intensity 385"
        #expect(try Self.run(command) == Self.block(command))
    }

    /// Accuracy, losses, data and model lines exactly; the training line up to its timings; the
    /// energy, method and run lines up to their measured figures and the run's id.
    @Test(.enabled(if: releaseBinary, "trains for seconds in a release build, minutes in a debug one"))
    func labTrainMLPBlockIsWhatTheCommandPrints() throws {
        let command = "footprint lab train --mlp 2x128 --data digits --epochs 30 --blas swift-baseline"
        let printed = try Self.run(command), shown = try Self.block(command)
        #expect(printed.count == shown.count)
        #expect(Array(printed.prefix(4)) == Array(shown.prefix(4)))
        let prefixes = [
            "  training    30 epochs of batch 32, sgd on cross-entropy, lr 0.1: ", "  energy      training ",
            "  measured    training once (", "  method      CPU ", "  run         "
        ]
        for (index, prefix) in prefixes.enumerated() where printed.count > 4 + index && shown.count > 4 + index {
            #expect(printed[4 + index].hasPrefix(prefix), "\(printed[4 + index])")
            #expect(shown[4 + index].hasPrefix(prefix), "\(shown[4 + index])")
        }
    }

    /// The README's sentence on the digits CNN names the command and the accuracy it prints.
    @Test(.enabled(if: releaseBinary, "trains for seconds in a release build, minutes in a debug one"))
    func digitsCNNClaimIsWhatTheCommandPrints() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8).replacingOccurrences(of: "\n", with: " ")
        let command =
            "footprint lab train --spec Examples/digits-cnn.json --optimizer adam --lr 0.01 --blas swift-baseline"
        let claim = try #require(text.range(of: "`\(command)` reaches "), "README names the CNN command")
        let accuracy = String(text[claim.upperBound...].prefix { $0 != "%" }) + "%"
        let printed = try Self.run(command)
        #expect(printed.first == "digits-cnn on digits: \(accuracy) test accuracy", "\(printed.first ?? "")")
    }

    /// The README's text with its lines joined, for sentences that wrap.
    static func prose() throws -> String {
        try String(contentsOf: readme, encoding: .utf8).replacingOccurrences(of: "\n", with: " ")
    }

    /// The figure after `marker` on the line that starts with `prefix`, up to and including " %".
    static func percent(in lines: [String], line prefix: String, after marker: String) throws -> String {
        let line = try #require(lines.first { $0.hasPrefix(prefix) }, "no line starting \(prefix)")
        let start = try #require(line.range(of: marker), "no \(marker) in \(line)")
        return String(line[start.upperBound...].prefix { $0 != "%" }) + "%"
    }

    @Test(.enabled(if: releaseBinary, "trains for seconds in a release build, minutes in a debug one"))
    func pruningAndHalfPrecisionClaimsAreWhatTheCommandPrints() throws {
        let lines = try Self.run(
            "footprint lab train --mlp 2x128 --data digits --epochs 30 --blas swift-baseline --prune 0.8 --fp16")
        let pruned = try Self.percent(in: lines, line: "pruned ", after: "by magnitude: ")
        let half = try Self.percent(in: lines, line: "fp16 ", after: "): ")
        let text = try Self.prose()
        #expect(text.contains("(the `--mlp 2x128` run above keeps \(pruned) test accuracy)"), "pruned: \(pruned)")
        #expect(text.contains("(half the bytes; \(half) on the same run)"), "fp16: \(half)")
    }

    @Test(.enabled(if: releaseBinary, "trains for seconds in a release build, minutes in a debug one"))
    func l1LogisticClaimIsWhatTheCommandPrints() throws {
        let lines = try Self.run("footprint lab train --sparse l1-logistic")
        let accuracy = try Self.percent(in: lines, line: "l1-logistic on digits", after: ": ")
        let nonzero = try Self.percent(in: lines, line: "  weights ", after: "weights     ")
        #expect(
            try Self.prose().contains("reaches \(accuracy) on the digits with \(nonzero) of its weights non-zero"),
            "\(accuracy), \(nonzero)")
    }
}
