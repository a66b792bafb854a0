import FootprintCore
import Testing

@testable import FootprintReport

/// The job report over a hand-made account: every recorded name escaped, the chart and tables there.
@Suite struct JobReportTests {
    let job = JobAccount(
        jobID: "<script>x</script>", scheduler: .manual, name: nil, startedAt: 1_800_000_000, duration: 10,
        energy: .joules(300), emissions: .grams(0.1),
        nodes: [
            .init(
                name: "gpu|1", components: [.cpu: .joules(100), .gpu: .joules(150), .ram: .joules(50)],
                energy: .joules(300), emissions: .grams(0.1),
                ranks: [.init(rank: 0, localRank: 0, runID: "r0", processEnergy: .joules(30), share: 0.1)])
        ],
        tasks: [.init(name: "epoch *1*", start: 0, end: 5, energy: .joules(20), emissions: .grams(0.01), count: 2)],
        runIDs: ["r0"])

    @Test func htmlEscapesWhatWasRecordedAndDrawsTheNodes() {
        let html = JobReport.render(job, runs: [])
        #expect(!html.contains("<script>") && html.contains("&lt;script&gt;"))
        #expect(html.contains("<svg") && html.contains("gpu|1") && html.contains("10 %"))
        #expect(html.contains("Tasks, merged by name") && html.contains("epoch *1*"))
    }

    @Test func markdownKeepsItsTablesWhole() {
        let text = JobReport.markdown(job)
        #expect(text.contains("| gpu\\|1 | 300 J |"))
        #expect(text.contains("| epoch \\*1\\* | 2 |"))
        #expect(text.contains("\\<script\\>"))
    }
}
