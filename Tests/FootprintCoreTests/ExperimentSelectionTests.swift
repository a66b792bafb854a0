import Testing

@testable import FootprintCore

@Suite struct ExperimentSelectionTests {
    @Test func namesSelectInSuiteOrderEachOnce() throws {
        #expect(try ExperimentName.selection(["pruning", "epochs", "pruning"]) == [.epochs, .pruning])
        #expect(try ExperimentName.selection(["all"]) == ExperimentName.allCases)
        #expect(try ExperimentName.selection(["epochs", "all"]) == ExperimentName.allCases)
    }

    @Test func anUnknownNameListsTheValidOnes() {
        #expect {
            try ExperimentName.selection(["epoch"])
        } throws: { error in
            guard let invalid = error as? InvalidInput, invalid.reason == .unknownName else { return false }
            return invalid.message.contains(
                "unknown experiment 'epoch' (did you mean epochs?); the experiments are training-set-size")
                && invalid.message.contains("training-set-size, epochs, transfer-learning")
                && invalid.message.hasSuffix("pruning, or all")
        }
        #expect {
            try ExperimentName.selection(["zzzzzzzz"])
        } throws: { error in
            (error as? InvalidInput)?.message.hasPrefix("unknown experiment 'zzzzzzzz'; the experiments are") == true
        }
    }

    @Test func noNameIsAUsageFault() {
        #expect {
            try ExperimentName.selection([])
        } throws: { error in
            (error as? InvalidInput)?.reason == .usage
        }
    }
}
