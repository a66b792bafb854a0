import FootprintSystem
import Synchronization
import Testing

/// Counts the calls a fake receives; the fakes are `@Sendable`, so the count is atomic.
final class CallCount: Sendable {
    private let count = Atomic<Int>(0)
    /// Counts one call and returns its number, from 1.
    func next() -> Int { count.add(1, ordering: .relaxed).newValue }
    var value: Int { count.load(ordering: .relaxed) }
}

@Suite struct RetryTests {
    @Test func aReadInterruptedTwiceIsMadeAgainUntilItSucceeds() {
        let calls = CallCount()
        var fake = SystemCalls.system
        fake.read = { _, _, count in
            if calls.next() <= 2 { Errno.current = .interrupted; return -1 }
            return count
        }
        var byte: UInt8 = 0
        let result = retryingInterrupted { fake.read(3, &byte, 1) }
        #expect(result == .success(1))
        #expect(calls.value == 3)
    }

    @Test func anotherFailureIsReturnedAtOnceWithItsErrno() {
        let calls = CallCount()
        var fake = SystemCalls.system
        fake.open = { _, _, _ in
            _ = calls.next(); Errno.current = .permissionDenied; return -1
        }
        let result = fake.openFile("/etc/anything", [.readOnly, .closeOnExec])
        #expect(result == .failure(.permissionDenied))
        #expect(calls.value == 1)
    }

    @Test func aLockInterruptedBySignalsIsTakenInTheEnd() {
        let calls = CallCount()
        var fake = SystemCalls.system
        fake.lockExclusive = { _ in
            if calls.next() <= 3 { Errno.current = .interrupted; return -1 }
            return 0
        }
        #expect((try? fake.lockExclusively(7).get()) != nil)
        #expect(calls.value == 4)
    }

    @Test func aWaitReturnsThePidAndStatusAfterAnInterruption() {
        let calls = CallCount()
        var fake = SystemCalls.system
        fake.waitpid = { pid, status, _ in
            if calls.next() == 1 { Errno.current = .interrupted; return -1 }
            status?.pointee = 3 << 8
            return pid
        }
        let result = try? fake.wait(for: 42).get()
        #expect(result?.pid == 42)
        #expect(result?.status == 3 << 8)
    }

    @Test func errnoNamesAreTheSystemsAndSayWhatHappened() {
        #expect(Errno.noSuchFile.description == "No such file or directory")
        #expect(Errno(rawValue: Errno.permissionDenied.rawValue) == .permissionDenied)
    }
}
