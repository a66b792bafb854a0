/// A value read back from a ledger, journal or imported file that this version of footprint does
/// not know: a newer version wrote it, or the file was edited. Readers refuse it with its name
/// rather than guess, so a run is never shown as finished, or measured, when it was not.
public struct UnknownStoredValue: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the value was meant to be ("status", "scope", "gpu method", "source").
    public var field: String
    /// The text as stored.
    public var value: String

    public init(field: String, value: String) {
        self.field = field
        self.value = value
    }

    /// "status 'paused', which this version of footprint does not know".
    public var description: String {
        "\(field) \(Format.quoted(value)), which this version of footprint does not know"
    }
}

/// Parses stored text into the run vocabulary's enums, once, where records are read.
public enum StoredValue {
    /// The case whose raw value is `text`.
    /// - Throws: ``UnknownStoredValue`` naming `field` and the text.
    public static func parse<Value: RawRepresentable>(
        _ text: String, as field: String
    ) throws(UnknownStoredValue) -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: text) else { throw UnknownStoredValue(field: field, value: text) }
        return value
    }

    /// A component's method as a ledger row stores it: nil when none was recorded (NULL: the run
    /// has not ended, or its recorder died), the method otherwise.
    public static func method(
        _ text: String?, of component: Component
    ) throws(UnknownStoredValue)
        -> MeasurementMethod?
    {
        guard let text else { return nil }
        // Ledgers written before "none" was spelled out store an empty method for a component
        // there was nothing to measure on (a machine without a GPU): it reads as that, on purpose.
        if text.isEmpty { return MeasurementMethod.none }
        return try parse(text, as: "\(component.rawValue) method")
    }
}
