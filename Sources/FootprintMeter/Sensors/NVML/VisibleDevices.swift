/// Which GPUs a program sees under `CUDA_VISIBLE_DEVICES`, following CUDA's rules: a comma list
/// of indices, `GPU-` UUIDs (a unique prefix is enough) or MIG ids (`MIG-GPU-<uuid>/<gi>/<ci>`,
/// or `MIG-<uuid>` of a MIG device); the list ends at the first entry that matches nothing.
public enum VisibleDevices {
    /// A physical device as NVML lists it.
    public struct Candidate: Sendable, Hashable {
        public var index: Int
        public var uuid: String
        /// UUIDs of its MIG devices, if MIG is on.
        public var migUUIDs: [String]

        public init(index: Int, uuid: String, migUUIDs: [String] = []) {
            self.index = index
            self.uuid = uuid
            self.migUUIDs = migUUIDs
        }
    }

    /// The physical device indices visible, or nil when the variable is unset (all devices).
    public static func parse(_ value: String?, devices: [Candidate]) -> Set<Int>? {
        guard let value else { return nil }
        var visible = Set<Int>()
        for raw in value.split(separator: ",", omittingEmptySubsequences: false) {
            let entry = raw.trimmingCharacters(in: " \t")
            guard let index = match(String(entry), devices: devices) else { break }
            visible.insert(index)
        }
        return visible
    }

    static func match(_ entry: String, devices: [Candidate]) -> Int? {
        if let number = Int(entry) {
            return devices.contains { $0.index == number } ? number : nil
        }
        if entry.hasPrefix("MIG-GPU-") {
            // Old MIG form: the parent GPU's UUID, then /GI/CI.
            let parent = String(entry.dropFirst("MIG-".count).prefix { $0 != "/" })
            return devices.first { $0.uuid == parent }?.index
        }
        if entry.hasPrefix("MIG-") {
            return devices.first { $0.migUUIDs.contains(entry) }?.index
        }
        if entry.hasPrefix("GPU-") {
            let hits = devices.filter { $0.uuid.hasPrefix(entry) }
            return hits.count == 1 ? hits[0].index : nil
        }
        return nil
    }
}
