import FootprintCore
import Testing

@testable import FootprintLab

/// The trainer says which of its inputs is wrong by subject, in its own terms: no flag names.
@Suite struct TrainerReasonTests {
    @Test(arguments: [(0, 32, Trainer.Subject.epochs), (1, 0, Trainer.Subject.batchSize)])
    func aCountBelowOneIsRefusedBySubject(epochs: Int, batch: Int, subject: String) {
        #expect {
            try Trainer(epochs: epochs, batchSize: batch, seed: 1)
        } throws: { error in
            guard let error = error as? InvalidInput else { return false }
            return error.reason == .outOfBounds && error.subject == subject && !error.message.contains("--")
        }
    }
}
