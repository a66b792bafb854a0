import Testing

@testable import FootprintCore

/// A library's refusal of its input carries a reason and a subject to match on, and names no flag.
@Suite struct InvalidInputReasonTests {
    @Test func aMissingPeakIsItsOwnReasonAndThePublishedOnesAreListed() throws {
        let tpu = try HardwareCatalog.bundled.accelerator("tpu v3")
        #expect(tpu.peak(.fp32) == nil)
        #expect(!Precision.published(by: tpu).isEmpty && !Precision.published(by: tpu).contains(.fp32))
        #expect {
            try InferenceCost.fromFLOPs(1e9, on: tpu, precision: .fp32, utilization: 0.3)
        } throws: { error in
            guard let error = error as? InvalidInput, error.reason == .noPublishedPeak else { return false }
            return error.message == "\(tpu.name) has no published fp32 peak"
        }
    }

    @Test func aBoundNamesItsSubjectSoAFrontEndCanNameItsFlag() {
        #expect {
            try InferenceCost.measured(.joules(-1))
        } throws: { error in
            guard let error = error as? InvalidInput else { return false }
            return error.reason == .outOfBounds && error.subject == InferenceCost.Subject.energy
                && error.naming("--inference-energy").message.hasPrefix("--inference-energy must be a number")
        }
        #expect {
            try InferenceCost.fromFLOPs(
                1e9, on: try HardwareCatalog.bundled.accelerator("a100"), precision: .fp16, utilization: 1e-6)
        } throws: { error in
            (error as? InvalidInput).map {
                $0.reason == .outOfBounds && $0.subject == InferenceCost.Subject.utilization
            }
                ?? false
        }
    }

    @Test func aWholeMessageKeepsItsTextWhenNamed() {
        let error = InvalidInput(.malformed, "./footprint.toml:2: expected key = value")
        #expect(error.subject == nil)
        #expect(error.naming("--anything") == error)
    }

    @Test func settingsFileFaultsHaveTheirReasons() {
        #expect { try ConfigFile.parse("pue = 1.2\npue = 1.3\n", path: "f.toml") } throws: { error in
            (error as? InvalidInput)?.reason == .duplicate
        }
        #expect { try ConfigFile.parse("colour = \"red\"\n", path: "f.toml") } throws: { error in
            (error as? InvalidInput)?.reason == .unknownName
        }
        #expect { try ConfigFile.parse("pue = = 1\n", path: "f.toml") } throws: { error in
            (error as? InvalidInput)?.reason == .malformed
        }
    }
}
