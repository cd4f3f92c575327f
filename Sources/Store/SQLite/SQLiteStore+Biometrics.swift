import Foundation
import GRDB

extension SQLiteStore {
    /// Stores a stream and its samples in chunks of ``BiometricChunk/chunkSize`` samples.
    public func addBiometricStream(_ stream: BiometricStream, samples: BiometricSamples) async throws -> BiometricStream {
        try await addBiometrics(streams: [stream], samples: [samples], markers: [], completing: nil).streams[0]
    }

    /// Stores streams (with their samples) and markers in one transaction: all or nothing.
    public func addBiometrics(
        streams: [BiometricStream], samples: [BiometricSamples], markers: [BiometricMarker], completing job: JobCompletion?
    ) async throws -> (streams: [BiometricStream], markers: [BiometricMarker]) {
        guard streams.count == samples.count else {
            throw StoreError(.invalidInput, "\(streams.count) streams but \(samples.count) sample sets; give one sample set per stream.", fr: "\(streams.count) flux mais \(samples.count) séries d’échantillons ; donnez une série par flux.")
        }
        for (stream, samples) in zip(streams, samples) { try Self.validate(stream, samples) }
        guard markers.allSatisfy({ $0.time.timeIntervalSinceReferenceDate.isFinite && ($0.duration?.isFinite ?? true) }) else {
            throw StoreError(.invalidInput, "A marker has a time or duration that is not a finite number; check the file's annotations.", fr: "Un marqueur a une date ou une durée qui n’est pas un nombre fini ; vérifiez les annotations du fichier.")
        }
        return try await write { db in
            if let job { try Self.complete(job, db) }
            var stored: [BiometricStream] = []
            for (stream, samples) in zip(streams, samples) { stored.append(try Self.insert(stream, samples, db)) }
            var storedMarkers: [BiometricMarker] = []
            for marker in markers {
                var copy = marker
                copy.id = nil
                try copy.insert(db)
                storedMarkers.append(copy)
            }
            return (stored, storedMarkers)
        }
    }

    /// The markers of a participant, in time order.
    public func biometricMarkers(participantID: Int64) async throws -> [BiometricMarker] {
        try await read { db in
            try BiometricMarker.filter(Column("participantID") == participantID).order(Column("time"), Column("id")).fetchAll(db)
        }
    }

    /// The marker with this id, or `nil`.
    public func biometricMarker(id: Int64) async throws -> BiometricMarker? {
        try await read { db in try BiometricMarker.fetchOne(db, key: id) }
    }

    /// Checks a stream and its samples before anything is written.
    static func validate(_ stream: BiometricStream, _ samples: BiometricSamples) throws {
        let count = samples.offsets.count
        guard stream.channels > 0, samples.values.count == count * stream.channels else {
            throw StoreError(
                .invalidInput,
                "\(samples.values.count) values do not make \(count) samples of \(stream.channels) channel(s); give channels × samples values.", fr: "\(samples.values.count) valeurs ne font pas \(count) échantillons de \(stream.channels) canal(aux) ; donnez canaux × échantillons valeurs."
            )
        }
        guard zip(samples.offsets, samples.offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw StoreError(.invalidInput, "Sample offsets must be in increasing time order; sort the samples first.", fr: "Les instants des échantillons doivent être croissants ; triez d’abord les échantillons.")
        }
        if let rate = stream.sampleRate, !(rate > 0) {
            throw StoreError(.invalidInput, "Sample rate \(rate) Hz must be positive, or nil for an irregular stream.", fr: "La fréquence \(rate) Hz doit être positive, ou absente pour un flux irrégulier.")
        }
    }

    /// Inserts a validated stream and its chunks in the caller's transaction.
    static func insert(_ stream: BiometricStream, _ samples: BiometricSamples, _ db: Database) throws -> BiometricStream {
        let count = samples.offsets.count
        let allOffsets = stream.sampleRate.map { rate in (0..<count).map { Double($0) / rate } } ?? samples.offsets
        var stored = stream
        stored.id = nil
        stored.sampleCount = count
        try stored.insert(db)
        var first = 0
        while first < count {
            let end = min(count, first + BiometricChunk.chunkSize)
            let offsets = allOffsets[first..<end]
            let values = samples.values[(first * stream.channels)..<(end * stream.channels)]
            var chunk = BiometricChunk(
                streamID: stored.id!, firstSample: first, sampleCount: end - first, startOffset: offsets.first!,
                endOffset: offsets.last!, offsets: stream.sampleRate == nil ? SampleCodec.encode(offsets, .float64) : nil,
                values: SampleCodec.encode(values, stream.format))
            try chunk.insert(db)
            first = end
        }
        return stored
    }

    /// The streams of a participant.
    public func biometricStreams(participantID: Int64) async throws -> [BiometricStream] {
        try await read { db in
            try BiometricStream.filter(Column("participantID") == participantID).order(Column("id")).fetchAll(db)
        }
    }

    /// The samples of a stream whose offsets lie in `from...to` seconds from its start (all when `nil`).
    public func biometricSamples(streamID: Int64, from: Double?, to: Double?) async throws -> BiometricSamples {
        try await read { db in
            guard let stream = try BiometricStream.fetchOne(db, key: streamID) else {
                throw StoreError.notFound("biometric stream", streamID)
            }
            let lower = from ?? -Double.infinity
            let upper = to ?? Double.infinity
            let chunks = try BiometricChunk.fetchAll(
                db,
                sql: """
                    SELECT * FROM biometric_chunk WHERE streamID = ? AND endOffset >= ? AND startOffset <= ?
                    ORDER BY firstSample
                    """, arguments: [streamID, from ?? -1e300, to ?? 1e300])
            var result = BiometricSamples(offsets: [], values: [])
            for chunk in chunks {
                let values = SampleCodec.decode(chunk.values, stream.format)
                let offsets =
                    chunk.offsets.map { SampleCodec.decode($0, .float64) }
                    ?? (0..<chunk.sampleCount).map { Double(chunk.firstSample + $0) / (stream.sampleRate ?? 1) }
                for (index, offset) in offsets.enumerated() where offset >= lower && offset <= upper {
                    result.offsets.append(offset)
                    result.values.append(contentsOf: values[(index * stream.channels)..<((index + 1) * stream.channels)])
                }
            }
            return result
        }
    }
}

/// Little-endian packing of sample values into blobs.
enum SampleCodec {
    static func encode<Values: Collection>(_ values: Values, _ format: SampleFormat) -> Data where Values.Element == Double {
        var data = Data(capacity: values.count * format.byteCount)
        for value in values {
            switch format {
            case .float32:
                withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { data.append(contentsOf: $0) }
            case .float64:
                withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
        }
        return data
    }

    static func decode(_ data: Data, _ format: SampleFormat) -> [Double] {
        let bytes = [UInt8](data)
        let width = format.byteCount
        return stride(from: 0, to: bytes.count - width + 1, by: width).map { start in
            var bits: UInt64 = 0
            for index in (0..<width).reversed() { bits = bits << 8 | UInt64(bytes[start + index]) }
            return format == .float32 ? Double(Float(bitPattern: UInt32(bits))) : Double(bitPattern: bits)
        }
    }
}
