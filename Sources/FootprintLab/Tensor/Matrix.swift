/// A row-major matrix of Float32: a batch of samples (rows) by features (columns), or a weight
/// matrix. Storage is contiguous and reused across steps by the layers that own it.
public struct Matrix: Sendable, Equatable {
    public private(set) var rows: Int
    public private(set) var columns: Int
    public var storage: [Float]

    /// A zero matrix.
    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        storage = [Float](repeating: 0, count: rows * columns)
    }

    /// A matrix over given values, row by row.
    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "Matrix: \(values.count) values for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        storage = values
    }

    public subscript(row: Int, column: Int) -> Float {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// Reshapes to `rows` rows of the same width, keeping the buffer when it is large enough:
    /// a layer's output follows the batch size without reallocating every step.
    public mutating func resize(rows newRows: Int, columns newColumns: Int) {
        if newRows * newColumns > storage.count {
            storage = [Float](repeating: 0, count: newRows * newColumns)
        }
        rows = newRows
        columns = newColumns
    }

    /// The number of values in use.
    public var count: Int { rows * columns }
}
