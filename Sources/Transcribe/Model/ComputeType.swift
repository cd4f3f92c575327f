import CKernels

/// The number format of a Whisper model's dense layers in memory, as faster-whisper's
/// `compute_type`: the file's float16 weights are widened to `float32`, or quantised to `int8`
/// (per output row, multiplied with activations quantised per row, through AVX-512 VNNI).
public enum ComputeType: String, Sendable, Codable, CaseIterable {
    /// 8-bit weights with one scale per output row; activations quantised on the fly.
    case int8
    /// 32-bit floating-point weights through OpenBLAS (the reference precision).
    case float32

    /// The faster type on this CPU: `int8` when it has AVX-512 VNNI, `float32` otherwise (the
    /// portable int8 loop is slower than OpenBLAS).
    public static var preferred: ComputeType { Kernels.hasVNNI ? .int8 : .float32 }
}
