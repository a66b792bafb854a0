/// The memory this process can still use, and where the figure comes from.
///
/// A value in Core so that the lab can check a training run against it without the meter, which
/// reads it from the machine (`AvailableMemory.read(root:)` in FootprintMeter).
public struct AvailableMemory: Sendable, Hashable {
    /// Bytes.
    public var bytes: UInt64
    /// Where the figure comes from, for messages.
    public var source: String

    public init(bytes: UInt64, source: String) {
        self.bytes = bytes
        self.source = source
    }
}
