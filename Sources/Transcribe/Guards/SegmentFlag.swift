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
    /// Many of its words are ones the model was unsure of (``SegmentGuard/unsureWordShare``);
    /// decoding again does not help, a person listening does.
    case unsureWords

    /// Flags that decoding the window again may cure.
    public var isRetryable: Bool { self != .otherLanguage && self != .unsureWords }

    public static func < (lhs: SegmentFlag, rhs: SegmentFlag) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
