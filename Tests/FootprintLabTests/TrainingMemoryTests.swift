import FootprintCore
import Foundation
import Testing

@testable import FootprintLab

@Suite struct TrainingMemoryTests {
    /// 64 → dense 128 → relu → dense 10 (+ softmax), batch 32, SGD with momentum, 1,000 samples:
    /// 9,610 parameters × 4 bytes × (weights, gradients, final copy) and × 1 for momentum;
    /// per sample every layer's input and output: (64+128) + (128+128) + (128+10) + (10+10) = 606
    /// values; the data twice (set and split), 64 values and a label each.
    @Test func anMLPByHand() throws {
        let analysis = try ModelSpec.mlp(inputs: 64, depth: 1, width: 128, classes: 10).analyze()
        let memory = TrainingMemory(analysis, batch: 32, optimizerMoments: 1, samples: 1_000, inputs: 64)
        #expect(memory.parameterBytes == 3 * 9_610 * 4)
        #expect(memory.optimizerBytes == 9_610 * 4)
        #expect(memory.activationBytes == 606 * 32 * 4)
        #expect(memory.dataBytes == 2 * 1_000 * (64 * 4 + 4))
    }

    /// A conv layer adds its patch matrix and its gradient, the product before it is laid out,
    /// and one patch map: [1, 8, 8] → conv 8@3×3 same: 64 positions × 9 patch values.
    @Test func aConvLayerCountsItsPatches() throws {
        let spec = ModelSpec(
            name: "c", input: [1, 8, 8], layers: [.conv2d(filters: 8, kernel: 3, stride: 1, padding: .same, bias: true)]
        )
        let memory = TrainingMemory(try spec.analyze(), batch: 2, optimizerMoments: 0, samples: 10, inputs: 64)
        let perSample = 64.0 + 512 + 2 * 9 * 64 + 8 * 64
        #expect(memory.activationBytes == (perSample * 2 + 9 * 64) * 4)
        #expect(memory.optimizerBytes == 0)
    }

    @Test func aModelLargerThanTheMachineIsRefusedWithWhatItNeeds() throws {
        let analysis = try ModelSpec.mlp(inputs: 64, depth: 1, width: 100_000_000, classes: 10).analyze()
        let memory = TrainingMemory(analysis, batch: 32, optimizerMoments: 1, samples: 1_797, inputs: 64)
        let available = AvailableMemory(bytes: 8 << 30, source: "MemAvailable in /proc/meminfo")
        #expect {
            try memory.check(model: "mlp-1x100000000", batch: 32, against: available)
        } throws: { error in
            guard let refusal = error as? InvalidInput, refusal.reason == .tooLarge else { return false }
            let message = refusal.message
            return !message.contains("--") && message.hasPrefix("mlp-1x100000000 would need about 159 GiB to train")
                && message.contains("but 8 GiB is available (MemAvailable in /proc/meminfo)")
        }
        let small = TrainingMemory(
            try ModelSpec.mlp(inputs: 64, depth: 2, width: 128, classes: 10).analyze(),
            batch: 32, optimizerMoments: 1, samples: 1_797, inputs: 64)
        try small.check(model: "mlp-2x128", batch: 32, against: available)
    }
}

/// What the engine indexes with 32-bit integers is refused past 2³¹ − 1 before anything is
/// allocated, rather than trapping in a conversion.
@Suite struct ThirtyTwoBitLimitTests {
    @Test func imagesPastTwoBillionValuesAreRefused() throws {
        let spec = ModelSpec(
            name: "wide", input: [1, 50_000, 50_000],
            layers: [.maxPool2d(size: 2, stride: 2), .flatten, .dense(units: 10, bias: true)])
        #expect {
            try Network.validate(spec)
        } throws: { error in
            let error = error as? ModelSpecError
            return error?.reason == .tooLarge
                && error?.message.contains("layer 1 (maxpool 2×2 s2) reads an image of more than 2,147,483,647 values")
                    == true
        }
    }
}
