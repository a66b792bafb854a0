extension SystemFile {
    /// `root` (`/` outside tests, a fixture tree in them) as a prefix for absolute kernel paths:
    /// without its trailing slash, so that `"\(base)/proc/stat"` is one path for `/` and `/tmp/tree/` alike.
    public static func base(ofRoot root: String) -> String {
        root.hasSuffix("/") ? String(root.dropLast()) : root
    }
}
