/// The die-area model of LLMCarbon (Faiz et al. 2024): the embodied CO2e of a chip is its die area
/// × the carbon emitted per area (CPA) of its process node. It counts the die alone, not the memory,
/// board, cooling or packaging, so it is a lower bound for a whole accelerator.
public struct DieAreaModel: Sendable, Hashable {
    /// Carbon per area of one process node.
    public struct Node: Sendable, Hashable {
        /// "7nm".
        public var name: String
        /// kg CO2e per cm² of die.
        public var kilogramsPerSquareCentimetre: Double
        public var source: String
    }

    /// A published die: its area and node.
    public struct Die: Sendable, Hashable {
        /// The accelerator's id in the hardware catalog.
        public var accelerator: String
        /// Die area, mm².
        public var squareMillimetres: Double
        public var node: Node
        public var source: String

        /// Area × CPA.
        public var embodied: CarbonMass {
            .kilograms(squareMillimetres / 100 * node.kilogramsPerSquareCentimetre)
        }

        /// "826 mm² × 1.6 kg CO2e/cm² (7nm)".
        public var workings: String {
            "\(Format.significant(squareMillimetres, digits: 4)) mm² × "
                + "\(Format.significant(node.kilogramsPerSquareCentimetre)) kg CO2e/cm² (\(node.name))"
        }
    }

    /// Every node with a published CPA.
    public let nodes: [Node]
    /// Every die with a published area and node, by accelerator id.
    public let dies: [String: Die]

    public init(nodes: [Node], dies: [Die]) {
        self.nodes = nodes
        self.dies = Dictionary(dies.map { ($0.accelerator, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The die of an accelerator, when its area and node are published.
    public func die(of accelerator: Accelerator) -> Die? { dies[accelerator.id] }
}
