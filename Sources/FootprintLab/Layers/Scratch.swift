/// Working memory a layer owns and reuses from step to step, handed out as a pointer: hot loops
/// over it pay no array bounds, exclusivity or uniqueness checks, and need no closure to reach it.
final class Scratch<Element: BitwiseCopyable> {
    private(set) var pointer: UnsafeMutablePointer<Element>
    private(set) var capacity: Int

    init() {
        pointer = .allocate(capacity: 0)
        capacity = 0
    }

    /// A scratch holding a copy of `values`.
    convenience init(_ values: [Element]) {
        self.init()
        let target = reserve(values.count)
        values.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            target.update(from: base, count: values.count)
        }
    }

    deinit { pointer.deallocate() }

    /// Room for at least `count` elements; growing discards the contents, so fill after reserving.
    func reserve(_ count: Int) -> UnsafeMutablePointer<Element> {
        if count > capacity {
            pointer.deallocate()
            pointer = .allocate(capacity: count)
            capacity = count
        }
        return pointer
    }
}
