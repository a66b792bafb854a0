extension Component {
    /// Whether a summary, report or live line gives this component a line of its own, from how its
    /// figure was obtained (nil when no method was recorded) and what it came to.
    ///
    /// Every machine has a CPU and memory, so their lines always show; a machine without a GPU has
    /// nothing to say about one, so the GPU's line is left out when its method is ``MeasurementMethod/none``
    /// or was not recorded and it has no energy. One rule for the terminal, the ledger's views and the reports.
    public func isReported(method: MeasurementMethod?, energy: Energy) -> Bool {
        self != .gpu || (method != nil && method != MeasurementMethod.none) || energy != .zero
    }
}
