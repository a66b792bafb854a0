import FootprintCore
import Foundation

/// The JSON cells of hourly pricing (a run's ``PricingBasis``, its ``PlannedStartRecord``, the
/// basis of each figure in its pricing history), as both backends store them in text columns.
///
/// Encoded only where there is a value: a run started at once and priced at its annual figure
/// (every run before hourly pricing) stores NULL and never touches the JSON coder. A cell that
/// does not decode (edited by hand, or written by a newer footprint) reads as nil, the run as
/// priced at its annual figure, never as a failure to read the ledger.
public enum StoredPricing {
    /// `value` as JSON text, keys sorted so that one value is always one text; nil for nil.
    public static func encode(_ value: (some Encodable)?) -> String? {
        guard let value else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The value a JSON cell holds; nil for NULL and for a cell that does not decode.
    public static func decode<Value: Decodable>(_ type: Value.Type, from text: String?) -> Value? {
        guard let text, !text.isEmpty else { return nil }
        return try? JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }
}

extension StoredRecords {
    /// A `run_price` row: one figure a run carried before it was priced again.
    public static func priceRecord(_ row: some LedgerRow) throws -> RunPriceRecord {
        RunPriceRecord(
            replacedAt: try row.real(required: "replaced_at_s"), emissions: .grams(try row.real(required: "co2e_g")),
            basis: StoredPricing.decode(PricingBasis.self, from: try row.text("basis")),
            reason: try row.text(required: "reason"))
    }
}
