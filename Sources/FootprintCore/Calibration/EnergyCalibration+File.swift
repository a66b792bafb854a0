import Foundation

extension EnergyCalibration {
    /// Where `footprint lab calibrate` keeps a machine's calibration unless told otherwise:
    /// `<data folder>/calibrations/<fingerprint slug>.json` (see ``Host/dataFolder(environment:)``).
    public static func defaultPath(for fingerprint: CalibrationFingerprint, environment: [String: String]) -> String {
        Host.dataFolder(environment: environment) + "/calibrations/" + fingerprint.slug + ".json"
    }

    /// Reads a calibration file.
    /// - Throws: ``CalibrationError`` with ``CalibrationError/Reason/unreadable``,
    ///   ``CalibrationError/Reason/corrupt`` (not JSON, another kind of file, or figures that are
    ///   not finite) or ``CalibrationError/Reason/newerVersion``.
    public static func load(path: String) throws(CalibrationError) -> EnergyCalibration {
        let data: Data
        do {
            data = try FileProblem.read(path)
        } catch {
            let problem = FileProblem(error, path: path, access: .read)
            throw CalibrationError(.unreadable, "cannot read calibration \(path): \(problem.explanation)")
        }
        return try parse(data, path: path)
    }

    /// Reads a calibration from its JSON; `path` names it in errors.
    public static func parse(_ data: Data, path: String) throws(CalibrationError) -> EnergyCalibration {
        struct Header: Decodable {
            var format: String?
            var version: Int?
        }
        let advice = "; make one with `footprint lab calibrate`"
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else {
            throw CalibrationError(.corrupt, "\(path) is not a calibration file (not a JSON object)" + advice)
        }
        guard header.format == formatName else {
            throw CalibrationError(
                .corrupt, "\(path) is not a calibration file (its format is not \"\(formatName)\")" + advice)
        }
        guard let version = header.version, version >= 1 else {
            throw CalibrationError(.corrupt, "\(path) has no calibration version" + advice)
        }
        guard version <= currentVersion else {
            throw CalibrationError(
                .newerVersion,
                "\(path) is a version \(version) calibration; this footprint reads version \(currentVersion) "
                    + "and older: update footprint or calibrate again")
        }
        let calibration: EnergyCalibration
        do {
            calibration = try JSONDecoder().decode(EnergyCalibration.self, from: data)
        } catch {
            throw CalibrationError(.corrupt, "\(path) is a damaged calibration (\(Self.describe(error)))" + advice)
        }
        if let problem = calibration.inconsistency {
            throw CalibrationError(.corrupt, "\(path) is a damaged calibration (\(problem))" + advice)
        }
        return calibration
    }

    /// The file's JSON, keys sorted, indented for a reader.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Refuses a calibration made elsewhere, or accepts it with `force` and returns the warning
    /// every output must then carry.
    /// - Parameter comparing: what to compare; `estimate` knows the machine but not the engine.
    /// - Throws: ``CalibrationError/Reason/otherMachine`` naming each difference.
    public func check(
        against here: CalibrationFingerprint, comparing: CalibrationFingerprint.Comparison = .all, force: Bool
    ) throws(CalibrationError) -> String? {
        let differences = fingerprint.differences(from: here, comparing: comparing)
        guard !differences.isEmpty else { return nil }
        let summary = differences.joined(separator: "; ")
        guard force else {
            throw CalibrationError(
                .otherMachine,
                "the calibration was made elsewhere (\(summary)); calibrate here with `footprint lab calibrate`, "
                    + "or give --force to use it anyway")
        }
        return "calibration from another setup used by --force (\(summary)): its figures may not hold here"
    }

    /// What makes a decoded calibration unusable: vectors of the wrong length, or figures that are
    /// not finite. Nil when it is sound.
    var inconsistency: String? {
        let n = features.count
        guard n > 0, Set(features).count == n else { return "no features, or one twice" }
        for (name, model) in [("inference", inference), ("training", training)] {
            for (part, fitted) in [("energy", model.energy), ("time", model.time)] {
                guard fitted.coefficients.count == n, fitted.coefficients.map(\.feature) == features else {
                    return "\(name) \(part) coefficients do not match its features"
                }
                guard
                    fitted.covariance.isEmpty
                        || (fitted.covariance.count == n && fitted.covariance.allSatisfy { $0.count == n })
                else { return "\(name) \(part) covariance is not \(n) × \(n)" }
                let numbers =
                    fitted.coefficients.map(\.value) + fitted.covariance.flatMap { $0 }
                    + [fitted.relativeResidualSD]
                guard numbers.allSatisfy(\.isFinite), fitted.coefficients.allSatisfy({ $0.value >= 0 }) else {
                    return "\(name) \(part) has a coefficient that is negative or not a number"
                }
            }
        }
        return nil
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: "\"\(key.stringValue)\" is missing"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            "at \(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default: "\(error)"
        }
    }
}
