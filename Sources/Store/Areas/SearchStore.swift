import Foundation

/// Full-text search over transcripts.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol SearchStore: Sendable {
    /// Full-text search (diacritics and case folded; each word of the query matches the words it
    /// begins) over the current transcript version (``TranscriptCurrency``) of each recording of a study.
    func search(studyID: Int64, query: String, limit: Int) async throws -> [SearchHit]
}
