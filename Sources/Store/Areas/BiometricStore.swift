import Foundation

/// Biometric streams, stored in chunks, and their markers.
///
/// One area of ``Store``; each method is atomic and throws ``StoreError`` as ``Store`` says.
public protocol BiometricStore: Sendable {
    /// Stores a stream and its samples in compact chunks.
    func addBiometricStream(_ stream: BiometricStream, samples: BiometricSamples) async throws -> BiometricStream
    /// Stores streams (one sample set each) and markers in one transaction: all or nothing; with
    /// `completing`, only while the worker holds that job, which succeeds in the same transaction.
    func addBiometrics(
        streams: [BiometricStream], samples: [BiometricSamples], markers: [BiometricMarker], completing: JobCompletion?
    ) async throws -> (streams: [BiometricStream], markers: [BiometricMarker])
    /// The markers of a participant, in time order.
    func biometricMarkers(participantID: Int64) async throws -> [BiometricMarker]
    /// The marker with this id, or `nil`.
    func biometricMarker(id: Int64) async throws -> BiometricMarker?
    /// The streams of a participant.
    func biometricStreams(participantID: Int64) async throws -> [BiometricStream]
    /// The samples of a stream whose offsets lie in `from...to` seconds from its start (all when `nil`).
    func biometricSamples(streamID: Int64, from: Double?, to: Double?) async throws -> BiometricSamples
}
