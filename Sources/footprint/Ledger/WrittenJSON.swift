/// One file `report` wrote.
struct WrittenFile: Encodable {
    var path, format: String
    var bytes: Int
    var runIDs: [String]
    enum CodingKeys: String, CodingKey { case path, format, bytes, runIDs = "run_ids" }
}

/// `report … --html FILE --json`: what was written.
struct WrittenJSON: Encodable {
    var written: [WrittenFile]
}
