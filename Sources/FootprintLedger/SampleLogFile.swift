import FootprintSystem

#if canImport(Glibc)
import Glibc  // ENOSPC
#endif

/// A run's open ``SampleLog``, held under an exclusive `flock` until ``close(removing:)`` (or the
/// process's end, SIGKILL included) drops it. ``LedgerRecorder`` keeps it inside its lock.
struct SampleLogFile: Sendable {
    private(set) var path: String
    private var descriptor: Int32
    private let calls: SystemCalls

    /// Creates the log of run `runID` in `folder` (made if missing), locked and with its header.
    ///
    /// It is written under a hidden name and renamed when locked, so that a fold never sees a
    /// log whose recorder has not yet locked it.
    static func create(
        folder: String, runID: String, calls: SystemCalls = .system
    ) throws(LedgerError) -> SampleLogFile {
        let path = SampleLog.path(folder: folder, runID: runID)
        let hidden = folder + "/." + runID + SampleLog.fileSuffix + ".new"
        func refuse(_ reason: String) -> LedgerError {
            LedgerError(
                .readOnly, "cannot write the run's sample log \(path): \(reason)")
        }
        if let failure = LogFolder.make(folder) { throw refuse("\(failure)") }
        let descriptor: Int32
        switch calls.openFile(hidden, [.writeOnly, .create, .append, .closeOnExec], mode: 0o644) {
        case .success(let opened): descriptor = opened
        case .failure(let failure): throw refuse("\(failure)")
        }
        var file = SampleLogFile(path: hidden, descriptor: descriptor, calls: calls)
        if case .failure(let failure) = calls.lockExclusively(descriptor) {
            file.close(removing: true)
            throw refuse("cannot lock it: \(failure)")
        }
        if let failure = file.write(SampleLog.magic) {
            file.close(removing: true)
            throw refuse("\(failure)")
        }
        if let failure = LogFolder.rename(hidden, to: path) {
            file.close(removing: true)
            throw refuse("\(failure)")
        }
        file.path = path
        return file
    }

    /// Appends one record with one `write`; the reason when the kernel took not all of it.
    func append(_ record: SampleLog.Record) -> Errno? {
        write(SampleLog.encode(record))
    }

    private func write(_ bytes: [UInt8]) -> Errno? {
        guard descriptor >= 0 else { return nil }
        let fd = descriptor
        let written = bytes.withUnsafeBytes { raw in
            retryingInterrupted { calls.write(fd, raw.baseAddress, raw.count) }
        }
        switch written {
        case .success(let count) where count == bytes.count: return nil
        // A short write is a full disk: the reader stops at the cut record.
        case .success: return Errno(rawValue: ENOSPC)
        case .failure(let failure): return failure
        }
    }

    /// Closes the log, which drops its lock; `removing` it first once its records are in the ledger.
    mutating func close(removing: Bool) {
        guard descriptor >= 0 else { return }
        if removing { LogFolder.remove(path) }
        _ = calls.close(descriptor)
        descriptor = -1
    }
}
