import Foundation
import Synchronization
import Testing

@testable import FootprintSystem

/// SystemFile's failure and retry paths, through fake system calls: no file permissions or
/// signals needed.
@Suite struct SystemFileFakeTests {
    @Test func anOpenRefusedWithEACCESIsAPermissionError() {
        var fake = SystemCalls.system
        fake.open = { _, _, _ in
            Errno.current = .permissionDenied; return -1
        }
        #expect {
            _ = try SystemFile(path: "/sys/class/powercap/intel-rapl:0/energy_uj", calls: fake)
        } throws: { error in
            guard let error = error as? SystemFileError else { return false }
            return error.code == .permissionDenied && error.isPermissionDenied
                && error.description == "/sys/class/powercap/intel-rapl:0/energy_uj: Permission denied"
        }
    }

    @Test func aReadInterruptedTwiceStillReturnsTheWholeFile() throws {
        let path = NSTemporaryDirectory() + "footprint-systemfile-\(UUID().uuidString)"
        try "cpu  10 20 30\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let interruptions = Mutex(2)
        var fake = SystemCalls.system
        let real = fake.pread
        fake.pread = { fd, buffer, count, offset in
            let interrupted = interruptions.withLock { left in
                guard left > 0 else { return false }
                left -= 1
                return true
            }
            if interrupted { Errno.current = .interrupted; return -1 }
            return real(fd, buffer, count, offset)
        }
        let file = try SystemFile(path: path, calls: fake)
        let text = try file.read { String(decoding: $0, as: UTF8.self) }
        #expect(text == "cpu  10 20 30\n")
        #expect(interruptions.withLock { $0 } == 0)
    }

    @Test func aReadFailingWithEIOThrowsItsErrno() throws {
        var fake = SystemCalls.system
        fake.open = { _, _, _ in 99 }
        fake.close = { _ in 0 }
        fake.pread = { _, _, _, _ in
            Errno.current = .ioError; return -1
        }
        let file = try SystemFile(path: "/proc/stat", calls: fake)
        #expect {
            try file.read { $0.count }
        } throws: { error in
            (error as? SystemFileError)?.code == .ioError
        }
    }
}
