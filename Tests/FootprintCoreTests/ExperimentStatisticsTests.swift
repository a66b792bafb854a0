import Foundation
import Testing

@testable import FootprintCore

/// The statistics the experiment rules use, against figures worked out by hand.
@Suite struct ExperimentStatisticsTests {
    @Test func medianTakesTheMiddleOrTheMeanOfTheTwoMiddles() {
        #expect(Statistics.median([3, 1, 2]) == 2)
        #expect(Statistics.median([4, 1, 3, 2]) == 2.5)
        #expect(Statistics.median([7]) == 7)
        #expect(Statistics.median([]) == nil)
        #expect(Statistics.median([1, .nan]) == nil, "a failed reading is no figure")
        #expect(Statistics.median([1, .infinity]) == nil)
    }

    @Test func spreadHoldsMedianLowestAndHighest() throws {
        let spread = try #require(Spread(of: [12, 10, 15]))
        #expect(spread == Spread(median: 12, minimum: 10, maximum: 15))
        #expect(spread.width == 5)
        #expect(Spread(of: []) == nil)
        #expect(Spread(exactly: 3).width == 0)
    }

    @Test func ranksShareTheMeanRankOfTies() {
        #expect(Statistics.ranks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4])
        #expect(Statistics.ranks([3, 1, 2]) == [3, 1, 2])
        #expect(Statistics.ranks([5, 5, 5]) == [2, 2, 2])
        #expect(Statistics.ranks([]) == [])
    }

    @Test func spearmanWithTiesMatchesTheHandComputation() throws {
        // y ranks 1, 2, 3.5, 5, 3.5 against 1…5: Σdxdy = 8, Σdx² = 10, Σdy² = 9.5, ρ = 8 / √95.
        let rho = try #require(Statistics.spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]))
        #expect(abs(rho - 8 / 95.0.squareRoot()) < 1e-12)
        #expect(abs(rho - 0.820783) < 1e-6)
        #expect(Statistics.spearman([1, 2, 3], [1, 10, 1000]) == 1, "monotone, however curved")
        #expect(Statistics.spearman([1, 2, 3], [9, 4, 1]) == -1)
    }

    @Test func spearmanIsUndefinedWithoutVariation() {
        #expect(Statistics.spearman([1, 2, 3], [4, 4, 4]) == nil)
        #expect(Statistics.spearman([2, 2, 2], [1, 2, 3]) == nil)
        #expect(Statistics.spearman([1], [1]) == nil)
        #expect(Statistics.spearman([1, 2], [1]) == nil)
        #expect(Statistics.spearman([1, 2, .nan], [1, 2, 3]) == nil)
    }

    @Test func leastSquaresLineMatchesTheHandComputation() throws {
        let exact = try #require(LinearFit(x: [1, 2, 3], y: [2, 4, 6]))
        #expect(exact.slope == 2)
        #expect(abs(exact.intercept) < 1e-12)
        #expect(exact.rSquared == 1)
        // Σdxdy = 5.5, Σdx² = 5: slope 1.1, intercept 2.75 − 1.65 = 1.1;
        // residuals −0.1, 0.8, −1.3, 0.6 (SS 2.7) against a total SS of 8.75.
        let scattered = try #require(LinearFit(x: [0, 1, 2, 3], y: [1, 3, 2, 5]))
        #expect(abs(scattered.slope - 1.1) < 1e-12)
        #expect(abs(scattered.intercept - 1.1) < 1e-12)
        #expect(abs(scattered.rSquared - (1 - 2.7 / 8.75)) < 1e-12)
        #expect(abs(scattered.predicted(at: 10) - 12.1) < 1e-12)
    }

    @Test func degenerateLinesAreDefined() throws {
        #expect(LinearFit(x: [5, 5, 5], y: [1, 2, 3]) == nil, "one x determines no line")
        #expect(LinearFit(x: [], y: []) == nil)
        #expect(LinearFit(x: [1, 2], y: [1]) == nil)
        #expect(LinearFit(x: [1, .nan], y: [1, 2]) == nil)
        let flat = try #require(LinearFit(x: [1, 2, 3], y: [4, 4, 4]))
        #expect(flat == LinearFit(slope: 0, intercept: 4, rSquared: 1), "a flat series is fitted exactly")
        let json = String(decoding: try JSONEncoder().encode(flat), as: UTF8.self)
        #expect(!json.contains("nan") && json.contains("\"r_squared\":1"))
    }

    @Test func betaAndOverheadShareOfTheLifecycleModel() throws {
        // T = 500 J over D = 1,000 samples × E = 10 epochs at I = 0.01 J per inference: 100 J of
        // inference inside it, β = 5, overhead (500 − 100) / 500 = 80 %.
        let beta = try #require(
            Statistics.beta(trainingEnergy: 500, inferenceEnergyPerSample: 0.01, samples: 1_000, epochs: 10))
        #expect(abs(beta - 5) < 1e-12)
        #expect(Statistics.overheadShare(training: 500, inference: 100) == 0.8)
        #expect(Statistics.overheadShare(training: 100, inference: 150) == -0.5, "noise shows, never hidden")
        #expect(Statistics.overheadShare(training: 0, inference: 1) == nil)
        #expect(Statistics.beta(trainingEnergy: 1, inferenceEnergyPerSample: 0, samples: 1, epochs: 1) == nil)
    }

    @Test func largestStepFindsWhereASweepJumps() throws {
        let points = [(10.0, 1.0), (40, 8), (20, 2), (30, 2.2)].map {
            SweepPoint(x: $0.0, energy: Spread(exactly: $0.1))
        }
        let step = try #require(Statistics.largestStep(points))
        #expect(step.from == 30 && step.to == 40)
        #expect(abs(step.ratio - 8 / 2.2) < 1e-12)
        #expect(Statistics.largestStep(Array(points.prefix(1))) == nil)
    }
}

@Suite struct ExperimentEvidenceTests {
    @Test func aSweepIsDrawnFromTheConfigurationsThatSetItsParameter() {
        func configuration(_ samples: Int?, _ joules: Double) -> ConfigurationResult {
            ConfigurationResult(
                label: "c", parameters: ConfigurationParameters(trainSamples: samples), energy: Spread(exactly: joules),
                durationSeconds: 1, samplesPerSecond: 1, method: .tdpLoad)
        }
        let sweep = Sweep(
            name: "m", configurations: [configuration(4_000, 4), configuration(nil, 9), configuration(1_000, 1)],
            x: { $0.trainSamples.map(Double.init) })
        #expect(sweep.points.map(\.x) == [1_000, 4_000])
        #expect(sweep.points.map(\.energy.median) == [1, 4])
    }

    @Test func aSpreadPerUnitDividesEveryFigure() {
        #expect(
            Spread(median: 10, minimum: 8, maximum: 12).divided(by: 4) == Spread(median: 2.5, minimum: 2, maximum: 3))
        #expect(Spread(exactly: 1).divided(by: 0) == nil)
    }
}
