import Foundation
import Testing

@testable import FootprintCore

/// The short fixed-seed fuzz pass of the parsers in FootprintCore: mutations of the seed corpora
/// of Benchmarks/fuzz, fed to the same entry points as the fuzz targets there. A trap would end
/// the test process; the typed throws make every error the parser's own.
@Suite struct FuzzPassTests {
    static func corpus(_ target: String, filePath: String = #filePath) -> [String] {
        let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Benchmarks/fuzz/corpus/\(target)").standardized
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.sorted().compactMap { try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }

    /// The seeds of a binary format, byte for byte.
    static func binaryCorpus(_ target: String, filePath: String = #filePath) -> [[UInt8]] {
        let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Benchmarks/fuzz/corpus/\(target)").standardized
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.sorted().compactMap { try? Array(Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    @Test func seedCorporaAreThere() {
        for target in ["spec", "toml", "environment"] { #expect(Self.corpus(target).count >= 3, "\(target)") }
        #expect(Self.binaryCorpus("safetensors").count >= 3)
    }

    /// Weights files (`lab train --init`): whatever the bytes, an error with its reason or a file
    /// whose every tensor lies inside the data, sized by its dtype and shape, none overlapping.
    @Test func weightsFiles() throws {
        let seeds = Self.binaryCorpus("safetensors")
        var read = 0
        for input in SeededInputs(
            byteSeeds: seeds, count: 3_000, tokens: ["data_offsets", "shape", "dtype", "F32", "F16", "__metadata__"])
        {
            do {
                let file = try SafeTensors(parsing: input)
                let dataCount =
                    input.count - 8 - Int(input[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
                var end = 0
                for entry in file.entries {
                    #expect(entry.bytes.lowerBound == end && entry.bytes.count == entry.count * entry.dtype.width)
                    end = entry.bytes.upperBound
                    if let values = file.floats(entry) { #expect(values.count == entry.count) }
                }
                #expect(end == dataCount)
                read += 1
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
        #expect(read > 0)
        // The seeds themselves are files footprint and the safetensors library wrote: all read.
        for seed in seeds { #expect(throws: Never.self) { try SafeTensors(parsing: seed) } }
    }

    @Test func configurationFiles() {
        for input in SeededInputs(seeds: Self.corpus("toml"), count: 2_000, tokens: Array(ConfigFile.keys.keys)) {
            do {
                for entry in try ConfigFile.parse(String(decoding: input, as: UTF8.self), path: "footprint.toml") {
                    _ = try? Setting(key: entry.key, value: entry.value, origin: .environment("X")).number(
                        of: "a number")
                }
            } catch {
                #expect(error.description.hasPrefix("footprint.toml:"))
            }
        }
    }

    @Test func footprintVariables() {
        let variables = ConfigFile.keys.values.sorted()
        var tried = 0
        for input in SeededInputs(
            seeds: Self.corpus("environment"), count: 120, tokens: ["aws:", "em:", "average-2024"])
        {
            tried += 1
            let values = String(decoding: input, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            var environment = ["HOME": "/nonexistent"]
            for (variable, value) in zip(variables, values) { environment[variable] = String(value) }
            guard let layers = try? ConfigFile.settings(environment, workingDirectory: "/nonexistent") else { continue }
            for setting in layers.layers.flatMap(\.values) {
                if let number = try? setting.number(of: "a number") {
                    // Whatever a variable holds, an accepted figure lies inside its plausible range.
                    if let pue = try? PUE(number, origin: "fuzz") { #expect((1...3).contains(pue.value)) }
                    if let location = try? ResolvedLocation(intensity: number, origin: "fuzz") {
                        #expect((0...2_000).contains(location.intensity.gramsPerKilowattHour))
                    }
                }
                _ = PUEPreset.named(setting.value)
                _ = try? GridCatalog.bundled.region(setting.value)
            }
        }
        #expect(tried == 120)
    }
}

extension FuzzPassTests {
    /// Found by the fuzz target `procfs`: every model number of a CPU name was looked for in every
    /// catalog name, so that `footprint hardware show` with 3,000 of them took 17 s.
    @Test func aNameOfManyModelNumbersIsNoCPU() {
        let many = (0..<3_000).map { "x\($0)" }.joined(separator: " ")
        #expect(HardwareCatalog.bundledCPU(many) == nil)
        #expect(HardwareCatalog.bundled.cpu(many) == nil)
        #expect(HardwareCatalog.bundled.cpu("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz")?.name.contains("6148") == true)
        #expect(HardwareCatalog.bundledCPU("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz")?.name.contains("6148") == true)
    }
}
