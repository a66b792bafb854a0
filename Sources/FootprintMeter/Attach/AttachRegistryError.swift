import FootprintSystem

/// A registry's runtime folder (the attach registry's, the live run registry's) cannot be used
/// safely, or an entry cannot be written.
public struct AttachRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, to match on.
    public enum Reason: Sendable, Hashable {
        /// The folder could not be created.
        case folderNotCreated
        /// The path is there but is no folder (a file, or a symbolic link).
        case notAFolder
        /// The folder belongs to another user, who could plant entries that name any process.
        case ownedByAnotherUser
        /// Group or others may write in the folder, and so plant entries.
        case writableByOthers
        /// An entry could not be written.
        case entryNotWritten
    }

    public let reason: Reason
    /// The folder or entry concerned.
    public let path: String
    /// The failed call's errno, when there was one.
    public let code: Errno?

    public init(_ reason: Reason, path: String, code: Errno? = nil) {
        self.reason = reason
        self.path = path
        self.code = code
    }

    public var description: String {
        let cause = code.map { ": \($0)" } ?? ""
        return switch reason {
        case .folderNotCreated: "cannot create footprint's runtime folder \(path)\(cause)"
        case .notAFolder: "footprint's runtime folder \(path) is not a folder"
        case .ownedByAnotherUser: "footprint's runtime folder \(path) belongs to another user"
        case .writableByOthers: "footprint's runtime folder \(path) is writable by group or others (chmod 700 it)"
        case .entryNotWritten: "cannot write the registry entry \(path)\(cause)"
        }
    }
}
