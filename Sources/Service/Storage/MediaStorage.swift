import Foundation

/// Where recordings' media live: a folder by default (``FolderMediaStorage``); a shared or object
/// store implements the same three operations, and the routes, the intake and the workers reach
/// media only through them.
///
/// A stored file is named by a *reference*, the string a ``Store/Recording`` keeps in `mediaPath`.
public protocol MediaStorage: Sendable {
    /// Takes the finished local `file` (moved, not copied) as media of study `studyID`, kept under
    /// `name`; returns its reference. Blocks its thread (file system).
    func store(_ file: URL, studyID: Int64, name: String) throws -> String
    /// A readable local file holding the media `reference`; ``MediaStorageError`` when it is missing.
    func file(for reference: String) throws -> URL
    /// Removes the media `reference`; a reference already gone is not an error.
    func remove(_ reference: String) throws
}

/// Stored media that cannot be found or kept.
public struct MediaStorageError: Error, Sendable, CustomStringConvertible {
    /// The reference concerned.
    public var reference: String
    /// What went wrong, in English.
    public var message: String
    /// The same in French.
    public var french: String

    /// Creates an error about `reference`.
    public init(reference: String, _ message: String, fr french: String) {
        self.reference = reference
        self.message = message
        self.french = french
    }

    /// The English message.
    public var description: String { message }
}
