import Dispatch
import Synchronization

/// Runs `work` on the concurrency pool and blocks the calling thread until it ends. The commands
/// are synchronous (`ParsableCommand`) and the intensity clients are async; the work's own time
/// limits (2 s a request) bound the wait.
func waitForAsync<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) -> Value {
    let result = Mutex<Value?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        let value = await work()
        result.withLock { $0 = value }
        done.signal()
    }
    while true {
        done.wait()
        if let value = result.withLock({ $0 }) { return value }
    }
}
