import FootprintCore
import Foundation
import Testing

@testable import FootprintReport

/// A day-long run's charts: its intervals merged to what a chart can show, the energy and the gaps kept.
@Suite struct LongRunChartTests {
    /// `count` one-second samples ending at 1, 2, …, with `gapAfter` seconds missing after sample `gapAt`;
    /// each sample's start computed as the meter stores it (end less length), which rounding may
    /// leave a hair from the previous end.
    static func samples(_ count: Int, gapAt: Int, gapAfter: Double) -> [SampleRecord] {
        (1...count).map { i in
            let t = Double(i) * 1.000_000_1 + (i > gapAt ? gapAfter : 0)
            let watts = 100 + Double(i % 7)
            return SampleRecord(
                t: t, duration: 1.000_000_1, cpuJoules: watts, cpuProcessJoules: watts / 2, gpuJoules: 250,
                gpuProcessJoules: 240, ramJoules: 5, ramProcessJoules: 4, cpuUtilization: 0.5, processCPUShare: 0.5)
        }
    }

    static func model(_ samples: [SampleRecord]) -> RunReportModel {
        var run = ReportTests.run()
        let sums = samples.reduce((cpu: 0.0, gpu: 0.0, ram: 0.0)) {
            ($0.cpu + $1.cpuProcessJoules, $0.gpu + $1.gpuProcessJoules, $0.ram + $1.ramProcessJoules)
        }
        run.components = [.cpu: .joules(sums.cpu), .gpu: .joules(sums.gpu), .ram: .joules(sums.ram)]
        run.duration = samples.last?.t ?? 0
        return RunReportModel(run: run, samples: samples, tasks: [])
    }

    @Test func aDayOfSamplesIsDrawnWithAThousandIntervalsAndTheSameArea() {
        let long = Self.model(Self.samples(86_400, gapAt: 40_000, gapAfter: 600))
        let series = long.powerSeries
        #expect(series.map(\.name) == ["CPU", "GPU", "RAM"])
        for s in series {
            // Two points per interval, two more where the gap drops to 0 W.
            #expect(s.points.count <= 2 * (RunReportModel.chartIntervalLimit + 2), "\(s.name): \(s.points.count)")
        }
        #expect(abs(series.reduce(0) { $0 + $1.area } - long.itEnergy.joules) < 1e-6 * long.itEnergy.joules)
        // The ten minutes without samples are still drawn at 0 W.
        let gapStart = 40_000 * 1.000_000_1, gapEnd = gapStart + 600
        #expect(
            series[0].points.contains { $0.y == 0 && $0.x >= gapStart - 1e-3 && $0.x <= gapEnd + 1e-3 },
            "the gap is not drawn")
        let cumulative = long.cumulativeEmissions.points
        #expect(cumulative.count <= RunReportModel.chartIntervalLimit + 3)
        let total = long.run.intensity.emissions(for: long.itEnergy * long.run.pue).grams
        #expect(abs((cumulative.last?.y ?? 0) - total) < 1e-9 * total)
        #expect(zip(cumulative, cumulative.dropFirst()).allSatisfy { $0.x <= $1.x && $0.y <= $1.y })
        // The JSON report's intervals are still every one the meter took.
        #expect(long.powerIntervals.count == 86_400)
        #expect(HTMLReport.render(long).utf8.count < 500_000)
    }

    @Test func aShortRunIsDrawnIntervalByInterval() {
        let short = Self.model(Self.samples(RunReportModel.chartIntervalLimit, gapAt: 10, gapAfter: 5))
        #expect(short.powerSeries[0].points.count == 2 * RunReportModel.chartIntervalLimit + 2)
    }

    @Test func mergedSamplesSumTheirEnergyAndWeighTheirShares() {
        let a = SampleRecord(
            t: 1, duration: 1, cpuJoules: 10, cpuProcessJoules: 5, gpuJoules: 0, gpuProcessJoules: 0, ramJoules: 1,
            ramProcessJoules: 1, cpuUtilization: 0.2, processCPUShare: 1)
        let b = SampleRecord(
            t: 4, duration: 3, cpuJoules: 30, cpuProcessJoules: 15, gpuJoules: 3, gpuProcessJoules: 3, ramJoules: 3,
            ramProcessJoules: 2, cpuUtilization: 0.6, processCPUShare: 0)
        let merged = a.merged(with: b, processScope: false, fallback: .gramsPerKilowattHour(400))
        #expect(merged.t == 4 && merged.duration == 4 && merged.cpuJoules == 40 && merged.gpuProcessJoules == 3)
        #expect(abs(merged.cpuUtilization - 0.5) < 1e-12 && abs(merged.processCPUShare - 0.25) < 1e-12)
        #expect(merged.intensity == nil)
    }
}
