import FootprintCore
import Foundation
import Testing

@testable import FootprintLedger

/// The short fixed-seed fuzz pass of the CodeCarbon import: mutations of the seed corpus of
/// Benchmarks/fuzz, through the record stream and the row checks, and a share of them through a
/// whole import into a ledger, where every refusal must be bad input, never the ledger's.
@Suite struct FuzzPassTests {
    static func corpus(filePath: String = #filePath) -> [String] {
        let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Benchmarks/fuzz/corpus/codecarbon").standardized
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.sorted().compactMap { try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }

    static let tokens = ["2024-05-01T12:00:00", "1e300", "2.5e-3", "\"\"", ",,", "\"a\nb\"", "timestamp", "run_id"]

    @Test func codeCarbonRows() {
        #expect(Self.corpus().count >= 3)
        var rows = 0
        for input in SeededInputs(seeds: Self.corpus(), count: 3_000, tokens: Self.tokens) {
            var stream = CSVStream(bytes: input)
            guard let first = try? stream.next() else { continue }
            let header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            while true {
                let record: CSVRecord?
                do { record = try stream.next() } catch { #expect(!error.message.isEmpty); break }
                guard let record else { break }
                guard record.fields.count == header.count else { continue }
                let values = Dictionary(zip(header, record.fields), uniquingKeysWith: { first, _ in first })
                _ = CodeCarbonImport.check(values)
                _ = CodeCarbonImport.runName(values, id: values["run_id"] ?? "")
                #expect(
                    CodeCarbonImport.originalRow(of: CodeCarbonImport.encodeOriginal(header: header, values: values))
                        == CodeCarbonImport.rowKey(values))
                rows += 1
            }
        }
        #expect(rows > 0)
    }

    @Test func codeCarbonImports() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = try Ledger(path: folder.appendingPathComponent("l.sqlite").path)
        var imported = 0
        for (n, input) in SeededInputs(seeds: Self.corpus(), count: 300, seed: 2, tokens: Self.tokens).enumerated() {
            do {
                let outcome = try CodeCarbonImport.run(
                    String(decoding: input, as: UTF8.self), file: "emissions.csv",
                    into: ledger, skipBad: n % 2 == 0)
                imported += outcome.imported
            } catch {
                #expect([.badImport, .rejectedRows].contains(error.reason), "\(error)")
            }
        }
        #expect(imported > 0)
    }
}
