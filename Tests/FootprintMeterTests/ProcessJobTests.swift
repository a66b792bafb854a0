import FootprintCore
import Foundation
import Testing

@testable import FootprintMeter

/// `footprint attach` records the job of the process it measures, from that process's environment.
@Suite struct ProcessJobTests {
    @Test func environFileEntriesAreParsed() {
        let bytes = Array("SLURM_JOB_ID=7\u{0}PATH=/bin\u{0}EMPTY=\u{0}=junk\u{0}NOEQUALS\u{0}SLURM_JOB_ID=8\u{0}".utf8)
        let environment = ProcessJob.parse(bytes[...])
        #expect(environment == ["SLURM_JOB_ID": "7", "PATH": "/bin", "EMPTY": ""])
    }

    @Test func theJobOfARunningProcessIsReadFromItsEnvironment() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["5"]
        process.environment = ["SLURM_JOB_ID": "777", "SLURM_PROCID": "2", "SLURMD_NODENAME": "n9"]
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let (job, read) = ProcessJob.detect(pid: process.processIdentifier)
        #expect(read)
        #expect(job == JobIdentity(scheduler: .slurm, id: "777", rank: 2, node: "n9"))
    }

    @Test func aProcessThatIsGoneHasNoJob() {
        let (job, read) = ProcessJob.detect(pid: 4_194_304)
        #expect(job == nil && !read)
    }
}
