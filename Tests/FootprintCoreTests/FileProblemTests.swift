import Foundation
import Testing

@testable import FootprintCore

/// File-system errors as what is wrong with the path, whatever Foundation wrapped them in.
@Suite struct FileProblemTests {
    let folder: String

    init() throws {
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent("footprint-fileproblem-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test func writingAndReadingAFolder() {
        #expect(throws: FileProblem(path: folder, access: .write, reason: .isDirectory)) {
            try FileProblem.write(Data("x".utf8), to: folder)
        }
        #expect(throws: FileProblem(path: folder, access: .read, reason: .isDirectory)) {
            _ = try FileProblem.read(folder)
        }
        #expect(
            FileProblem(path: folder, access: .write, reason: .isDirectory).description
                == "cannot write \(folder): it is a folder, not a file; give a file name")
    }

    @Test func missingFilesAndFolders() {
        let inMissingFolder = folder + "/nope/x.html"
        #expect(throws: FileProblem(path: inMissingFolder, access: .write, reason: .noSuchFolder)) {
            try FileProblem.write(Data(), to: inMissingFolder)
        }
        #expect(
            FileProblem(path: inMissingFolder, access: .write, reason: .noSuchFolder).explanation
                == "no such folder \(folder)/nope")
        #expect(throws: FileProblem(path: folder + "/absent.json", access: .read, reason: .noSuchFile)) {
            _ = try FileProblem.read(folder + "/absent.json")
        }
        let file = folder + "/file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        #expect(throws: FileProblem(path: file + "/x", access: .write, reason: .notAFolder)) {
            try FileProblem.write(Data(), to: file + "/x")
        }
    }

    /// The errno beneath Foundation's "error 512", and Cocoa's own codes, each to its reason.
    @Test func foundationErrorsByTheirCause() {
        let path = folder + "/out.csv"
        func cocoa(_ code: Int, _ errno: Int32?) -> NSError {
            NSError(
                domain: NSCocoaErrorDomain, code: code,
                userInfo: [NSFilePathErrorKey: path]
                    .merging(
                        errno.map { [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int($0))] } ?? [:]
                    ) { $1 })
        }
        #expect(FileProblem(cocoa(512, EACCES), path: path, access: .write).reason == .permissionDenied)
        #expect(FileProblem(cocoa(513, nil), path: path, access: .write).reason == .permissionDenied)
        #expect(FileProblem(cocoa(640, ENOSPC), path: path, access: .write).reason == .diskFull)
        #expect(
            FileProblem(cocoa(512, EROFS), path: path, access: .write).description
                == "cannot write \(path): the file system is read-only")
        #expect(FileProblem(cocoa(256, EISDIR), path: path, access: .read).reason == .isDirectory)
        // The error reporter's last resort: any Foundation error naming a file.
        let described = FileProblem.describing(cocoa(512, ENOSPC))
        #expect(described?.description == "cannot write \(path): the disk is full")
        #expect(described?.reason.isUsage == false)
        #expect(FileProblem.describing(NSError(domain: "other", code: 1)) == nil)
    }

    @Test func aDeviceIsNotARegularFile() throws {
        #expect(FileProblem.check("/dev/null", access: .read)?.reason == .notARegularFile)
        // Refused before reading: /dev/zero never ends, a FIFO without a writer blocks the open.
        #expect(throws: FileProblem(path: "/dev/zero", access: .read, reason: .notARegularFile)) {
            _ = try FileProblem.read("/dev/zero")
        }
        let fifo = folder + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: FileProblem(path: fifo, access: .read, reason: .notARegularFile)) {
            _ = try FileProblem.read(fifo)
        }
        let file = folder + "/spec.json"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("{}".utf8)))
        #expect(try FileProblem.read(file) == Data("{}".utf8))
        #expect(FileProblem.check(folder + "/new.html", access: .write) == nil)
    }
}
