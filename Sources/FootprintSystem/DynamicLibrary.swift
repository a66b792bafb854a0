import Glibc

/// A shared library loaded at run time with `dlopen`, for the optional ones footprint uses
/// without linking them (NVML, OpenBLAS): a machine without them still runs footprint.
///
/// A value holds the handle without owning it: the owner that loaded it calls ``close()`` once.
public struct DynamicLibrary: @unchecked Sendable {
    // @unchecked: the handle is an opaque token that the loader lets any thread use; dlsym and
    // dlclose take the loader's own lock.
    private let handle: UnsafeMutableRawPointer

    /// Loads `path` (a file name is looked up as the loader does) with its symbols bound now and
    /// kept local to it.
    /// - Returns: the library, or the loader's reason it could not load, e.g. "cannot open shared
    ///   object file: No such file or directory".
    public static func load(_ path: String) -> Result<DynamicLibrary, DynamicLibraryError> {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            return .failure(
                DynamicLibraryError(path: path, loaderMessage: dlerror().map { String(cString: $0) } ?? "unknown"))
        }
        return .success(DynamicLibrary(handle: handle))
    }

    /// The function `name` as the C function type `T`, nil when the library lacks it.
    public func symbol<T>(_ name: String, as type: T.Type) -> T? {
        dlsym(handle, name).map { unsafeBitCast($0, to: T.self) }
    }

    /// Unloads the library; no symbol taken from it may be called afterwards.
    public func close() { dlclose(handle) }
}

/// A library that did not load: the one failure ``DynamicLibrary/load(_:)`` has, so the type is
/// what to match on; the loader gives its cause only as text.
public struct DynamicLibraryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path or file name asked for.
    public let path: String
    /// The loader's own words (`dlerror`), for the user: not for matching, as they vary by libc.
    public let loaderMessage: String
    public var description: String { loaderMessage }
}
