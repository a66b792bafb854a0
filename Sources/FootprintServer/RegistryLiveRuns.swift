import FootprintMeter

/// The runs that publish themselves in the live run registry. The folders are listed again at each
/// read: a user's folder appears with their first run, after the exporter started.
public struct RegistryLiveRuns: LiveRunSource {
    let environment: [String: String]
    let userID: UInt32

    /// - Parameter userID: the exporter's effective user; root reads every user's folder.
    public init(environment: [String: String], userID: UInt32) {
        self.environment = environment
        self.userID = userID
    }

    public func liveRuns() -> [LiveRun] {
        LiveRunRegistry.read(folders: LiveRunRegistry.folders(environment: environment, userID: userID))
    }
}
