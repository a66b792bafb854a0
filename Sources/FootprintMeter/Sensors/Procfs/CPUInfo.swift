/// What `/proc/cpuinfo` says about the processor, read once at start-up.
public struct CPUInfo: Sendable, Hashable {
    /// The model name, e.g. "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz"; nil on some ARM systems.
    public var modelName: String?
    /// Physical packages (distinct `physical id` values; 1 when the kernel gives none, as in most VMs).
    public var sockets: Int
    /// Logical CPUs listed.
    public var logicalCPUs: Int
    /// Whether the kernel runs under a hypervisor (the x86 `hypervisor` flag): a virtual machine's
    /// logical CPUs are a share of a host chip it cannot see, and its "sockets" are virtual.
    public var isVirtualMachine: Bool = false
    /// The first CPU's clock as the kernel reports it (`cpu MHz`: the current clock on bare metal,
    /// the host's nominal clock in most virtual machines); nil where the kernel gives none (ARM).
    public var megahertz: Double?
    /// The first CPU's feature flags (`flags` on x86, `Features` on ARM): "avx2", "fma", "asimd", ….
    public var flags: Set<String> = []

    public init(
        modelName: String?, sockets: Int, logicalCPUs: Int, isVirtualMachine: Bool = false,
        megahertz: Double? = nil, flags: Set<String> = []
    ) {
        self.modelName = modelName
        self.sockets = sockets
        self.logicalCPUs = logicalCPUs
        self.isVirtualMachine = isVirtualMachine
        self.megahertz = megahertz
        self.flags = flags
    }

    /// Parses `/proc/cpuinfo`.
    public static func parse(_ text: String) -> CPUInfo {
        var model: String?
        var packages = Set<Substring>()
        var processors = 0
        var virtual = false
        var megahertz: Double?
        var flags: Set<String>?
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: " \t")
            let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            switch key {
            case "processor": processors += 1
            case "model name", "Model Name": if model == nil { model = String(value) }
            case "physical id": packages.insert(value)
            case "flags", "Features":
                if flags == nil { flags = Set(value.split(separator: " ").map(String.init)) }
                if !virtual { virtual = value.split(separator: " ").contains("hypervisor") }
            case "cpu MHz": if megahertz == nil { megahertz = Double(value).flatMap { $0 > 0 ? $0 : nil } }
            default: break
            }
        }
        return CPUInfo(
            modelName: model, sockets: max(packages.count, 1), logicalCPUs: max(processors, 1),
            isVirtualMachine: virtual, megahertz: megahertz, flags: flags ?? [])
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var text = self
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return text
    }
}
