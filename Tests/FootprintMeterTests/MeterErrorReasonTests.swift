import FootprintCore
import FootprintSystem
import Foundation
import Testing

@testable import FootprintMeter

/// The meter's failures each have a type and a reason of their own, matched here without their words.
@Suite struct MeterErrorReasonTests {
    @Test func aJournalThatCannotBeOpenedIsARunJournalErrorWithItsErrno() throws {
        let folder = try FixtureTree(["file": "not a folder"])
        var configuration = RunMeter.Configuration(
            name: "test", scope: .process, location: .worldAverage, pue: try PUE(1.5), pueSource: "test")
        // A part of the journal's path is a file: the open fails with ENOTDIR.
        configuration.recorder = RunJournal(folder: folder.path + "/file/journal")
        let meter = try RunMeter(configuration: configuration, trackedPID: nil, probe: SteadyProbe())
        #expect {
            try meter.beginRecord()
        } throws: { error in
            guard let error = error as? RunJournalError else { return false }
            return error.code == .notDirectory && error.path.hasPrefix(folder.path)
        }
    }

    @Test func aTaskPipeWithNoFolderToLiveInSaysWhichStepFailed() throws {
        let folder = try FixtureTree(["file": "not a folder"])
        #expect {
            try TaskChannel(in: folder.path + "/file")
        } throws: { error in
            guard let error = error as? TaskChannelError else { return false }
            return error.reason == .folderNotCreated && error.code == .notDirectory
        }
        let channel = try TaskChannel(in: folder.path)
        #expect(channel.path.hasPrefix(folder.path + "/footprint-"))
        channel.close()
    }

    @Test func anEmptyCommandIsNoCommandNotASystemFailure() {
        #expect {
            try ChildProcess(command: [], environment: [:], resetSignals: [])
        } throws: { error in
            guard let error = error as? ChildProcessError else { return false }
            return error.reason == .noCommand && error.exitCode == 2 && !error.description.contains("--")
        }
    }

    @Test func aMissingDriverIsNoDriverLibraryAndAnythingElseIsNews() {
        #expect(NVMLUnavailable(.noDriverLibrary, detail: "libnvidia-ml.so.1: cannot open").reason == .noDriverLibrary)
        #expect(NVMLUnavailable(.didNotStart, code: .uninitialized).description.hasPrefix("NVML did not start"))
    }
}
