import Foundation

/// What a study export reads.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol ExportStore: Sendable {
    /// Everything needed to export a study (or some of its recordings) with ``StudyExport``'s formats.
    func exportBundle(studyID: Int64, recordingIDs: [Int64]?) async throws -> ExportBundle
}
