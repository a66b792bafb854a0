import FootprintLedger
import PostgresNIO

/// A server's row read by the decoding both backends share; a column the row lacks reads as NULL,
/// and an integer column reads as a number where a real is asked for.
extension PostgresRandomAccessRow: LedgerRow {
    public func text(_ column: String) throws -> String? {
        guard contains(column) else { return nil }
        return try self[column].decode(String?.self)
    }

    public func real(_ column: String) throws -> Double? {
        guard contains(column) else { return nil }
        let cell = self[column]
        switch cell.dataType {
        case .int2, .int4, .int8: return try cell.decode(Int64?.self).map(Double.init)
        default: return try cell.decode(Double?.self)
        }
    }

    public func integer(_ column: String) throws -> Int64? {
        guard contains(column) else { return nil }
        return try self[column].decode(Int64?.self)
    }

    public func boolean(_ column: String) throws -> Bool? {
        guard contains(column) else { return nil }
        return try self[column].decode(Bool?.self)
    }
}
