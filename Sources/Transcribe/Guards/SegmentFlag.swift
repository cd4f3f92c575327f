/// Why a segment may be wrong; a segment that keeps a flag after its window was decoded again
/// is marked for review.
public enum SegmentFlag: String, Sendable, Codable, CaseIterable, Comparable {
    /// The same n-gram repeated (a decoding loop), or text that compresses too well.
    case repetition
    /// Average log-probability below −1, or words the model barely believed.
    case lowConfidence
    /// Text where the voice-activity detector found no speech.
    case textInSilence
    /// The window's detected language differs from the recording's.
    case otherLanguage

    public static func < (lhs: SegmentFlag, rhs: SegmentFlag) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
