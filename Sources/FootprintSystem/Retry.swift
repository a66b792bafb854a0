/// The one place where a call interrupted by a signal (EINTR) is made again.
///
/// `call` follows the C convention: a negative result means failure, with the reason in `errno`.
/// The closure is not escaping and the result is a plain enum, so a call on the sampler's hot path
/// costs no allocation.
@inlinable
public func retryingInterrupted<Value: FixedWidthInteger>(_ call: () -> Value) -> Result<Value, Errno> {
    while true {
        let value = call()
        if value >= 0 { return .success(value) }
        let failure = Errno.current
        if failure != .interrupted { return .failure(failure) }
    }
}

/// As ``retryingInterrupted(_:)`` for a call whose only result is success or failure.
@inlinable
public func nothingOrErrno<Value: FixedWidthInteger>(_ call: () -> Value) -> Result<Void, Errno> {
    retryingInterrupted(call).map { _ in () }
}
