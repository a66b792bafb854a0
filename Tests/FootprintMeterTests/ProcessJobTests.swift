import FootprintCore
import Foundation
import Testing

@testable import FootprintMeter

/// `footprint attach` records the job of the process it measures, from that process's environment.
@Suite struct ProcessJobTests {
    @Test func theJobOfARunningProcessIsReadFromItsEnvironment() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["5"]
        process.environment = ["SLURM_JOB_ID": "777", "SLURM_PROCID": "2", "SLURMD_NODENAME": "n9", "HOME": "/"]
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        // Until the child has exec'd sleep, /proc/PID/environ is still this test's environment; and
        // for a moment after the exec has renamed it, the new one is still empty (the kernel sets the
        // new program's environment up after its name): waited for until it holds the job's variables.
        let environ = "/proc/\(process.processIdentifier)/environ"
        func hasJob() -> Bool {
            (try? Data(contentsOf: URL(fileURLWithPath: environ)))?.split(separator: 0)
                .contains { $0.elementsEqual("SLURM_JOB_ID=777".utf8) } ?? false
        }
        for _ in 0..<500 where !hasJob() { usleep(10_000) }
        let (job, read) = ProcessJob.detect(pid: process.processIdentifier)
        #expect(read)
        #expect(job == JobIdentity(scheduler: .slurm, id: "777", rank: 2, node: "n9"))
    }

    @Test func aProcessThatIsGoneHasNoJob() {
        let (job, read) = ProcessJob.detect(pid: 4_194_304)
        #expect(job == nil && !read)
    }
}

/// The run journal (a `Tracker`'s record) keeps the job on its `run` line.
@Suite struct JournalJobTests {
    @Test func theRunLineNamesTheJob() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("journal-job-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = RunJournal(folder: folder.path)
        let run = RunRecord(
            id: "jj", project: nil, name: "n", command: [], host: "h", pid: nil, startedAt: 0, intervalSeconds: 1,
            scope: .process, locationCode: nil, locationName: nil, intensity: .gramsPerKilowattHour(1),
            intensitySource: nil, pue: 1, pueSource: nil, cpuModel: nil, cpuPowerModel: nil, gpus: [], notes: [],
            job: JobIdentity(scheduler: .torchrun, id: "tr \"1\"", rank: 1, localRank: 0))
        try journal.begin(run)
        let text = try String(contentsOfFile: journal.location, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let job = try #require(object["job"] as? [String: Any])
        #expect(job["scheduler"] as? String == "torchrun" && job["id"] as? String == "tr \"1\"")
        #expect(job["rank"] as? Int == 1 && job["local_rank"] as? Int == 0 && job["node"] == nil)
    }
}
