import Foundation

/// Retrieval of coded segments across a study.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol RetrievalStore: Sendable {
    /// The coded segments of the study's current transcript versions matching `query`, in recording and text order.
    func codedSegments(studyID: Int64, query: CodedSegmentQuery) async throws -> [CodedSegment]
    /// The code × case matrix (coded segments per code and participant) over the current transcript versions.
    func codeCaseMatrix(studyID: Int64) async throws -> CodeCaseMatrix
}
