import FootprintCore
import GRDB

/// One row of a ledger table as either backend reads it, a value by column name: nil for NULL and
/// for a column the row does not have (a row from before the column was added). The decoding of
/// runs, samples, tasks, forecasts and experiments from rows is written once over this, so that
/// SQLite and PostgreSQL read a stored run the same way.
public protocol LedgerRow {
    func text(_ column: String) throws -> String?
    func real(_ column: String) throws -> Double?
    func integer(_ column: String) throws -> Int64?
    func boolean(_ column: String) throws -> Bool?
}

/// A column a row must have a value in was NULL or missing: a damaged or foreign table.
public struct MissingStoredValue: Error, Sendable, CustomStringConvertible {
    public let column: String
    public var description: String { "no value in column \(column)" }
}

extension LedgerRow {
    func text(required column: String) throws -> String {
        guard let value = try text(column) else { throw MissingStoredValue(column: column) }
        return value
    }

    func real(required column: String) throws -> Double {
        guard let value = try real(column) else { throw MissingStoredValue(column: column) }
        return value
    }

    func integer(required column: String) throws -> Int64 {
        guard let value = try integer(column) else { throw MissingStoredValue(column: column) }
        return value
    }

    func int(_ column: String) throws -> Int? { try integer(column).map { Int(clamping: $0) } }

    func int32(_ column: String) throws -> Int32? { try integer(column).map { Int32(clamping: $0) } }
}

extension Row: LedgerRow {
    public func text(_ column: String) throws -> String? { self[column] }
    public func real(_ column: String) throws -> Double? { self[column] }
    public func integer(_ column: String) throws -> Int64? { self[column] }
    public func boolean(_ column: String) throws -> Bool? { self[column] }
}
