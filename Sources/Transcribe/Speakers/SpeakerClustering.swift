/// Agglomerative clustering of speaker embeddings: average linkage on cosine distance, built
/// with the nearest-neighbour-chain algorithm (O(n²) time and memory) and cut where the next
/// merge would join clusters further apart than a threshold. Clusters holding too few
/// embeddings to be a speaker are outliers (a cough, overlapping speech, a window mostly of
/// silence) whose members join the nearest speaker. Then, if the number of speakers is given,
/// the smallest speaker joins its nearest until that number remains; if it is estimated,
/// speakers whose centroids are closer than a second threshold merge. Each embedding is
/// finally reassigned to the nearest speaker centroid.
public struct SpeakerClustering: Sendable, Equatable {
    /// Merges stop when the average cosine distance between two clusters exceeds this
    /// (used when the number of speakers is not given).
    public var distanceThreshold: Float
    /// Upper bound on the estimated number of speakers.
    public var maximumSpeakers: Int
    /// Rounds of centroid reassignment after the cut.
    public var refinementRounds: Int
    /// Clusters holding less than this share of the embeddings are not speakers: their
    /// members go to the nearest speaker.
    public var minimumSpeakerShare: Double
    /// Speakers whose centroids are closer than this cosine distance are merged (when the
    /// number of speakers is estimated).
    public var centroidDistanceThreshold: Float

    /// Creates a clustering configuration.
    public init(
        distanceThreshold: Float = 0.3, maximumSpeakers: Int = 10, refinementRounds: Int = 2, minimumSpeakerShare: Double = 0.1,
        centroidDistanceThreshold: Float = 0.1
    ) {
        self.distanceThreshold = distanceThreshold
        self.maximumSpeakers = maximumSpeakers
        self.refinementRounds = refinementRounds
        self.minimumSpeakerShare = minimumSpeakerShare
        self.centroidDistanceThreshold = centroidDistanceThreshold
    }

    /// A cluster index (0, 1, ... in order of first appearance) for each embedding.
    ///
    /// - Parameter speakerCount: the number of clusters wanted, or `nil` to estimate it.
    public func cluster(_ embeddings: [[Float]], speakerCount: Int? = nil) -> [Int] {
        let count = embeddings.count
        guard count > 1 else { return Array(repeating: 0, count: count) }
        let vectors = embeddings.map(SpeakerEncoder.normalised)
        let merges = Self.averageLinkage(vectors)
        let wanted = speakerCount.map { max(1, min($0, count)) }
        var labels = cut(vectors, merges: merges, wanted: nil)
        var speakers = Set(labels)
        if let wanted, speakers.count < wanted {
            labels = cut(vectors, merges: merges, wanted: wanted)
            speakers = Set(labels)
        }
        // Down to the number wanted: the smallest speaker joins the one with the nearest
        // centroid (small clusters are what is least certain: overlaps, laughter, noise).
        // Number estimated: speakers whose centroids are closer than the threshold merge.
        while speakers.count > 1 {
            let centroids = Self.centroids(vectors, labels: labels)
            var merge: (into: Int, from: Int)?
            if let wanted {
                if speakers.count <= wanted { break }
                var sizes: [Int: Int] = [:]
                for label in labels { sizes[label, default: 0] += 1 }
                let smallest = centroids.min { (sizes[$0.key] ?? 0, $0.key) < (sizes[$1.key] ?? 0, $1.key) }!
                let nearest = centroids.filter { $0.key != smallest.key }.max {
                    SpeakerEncoder.cosineSimilarity(smallest.value, $0.value) < SpeakerEncoder.cosineSimilarity(smallest.value, $1.value)
                }!
                merge = (nearest.key, smallest.key)
            } else {
                var best: (a: Int, b: Int, similarity: Float)?
                for (i, a) in centroids.enumerated() {
                    for b in centroids[(i + 1)...] {
                        let similarity = SpeakerEncoder.cosineSimilarity(a.value, b.value)
                        if similarity > best?.similarity ?? -.infinity { best = (a.key, b.key, similarity) }
                    }
                }
                guard let best, 1 - best.similarity <= centroidDistanceThreshold || speakers.count > maximumSpeakers else { break }
                merge = (best.a, best.b)
            }
            guard let merge else { break }
            labels = labels.map { $0 == merge.from ? merge.into : $0 }
            speakers.remove(merge.from)
        }
        for _ in 0..<refinementRounds { labels = Self.reassign(vectors, labels: labels, allowed: nil) }
        return Self.ordered(labels)
    }

    /// Applies the merges in order of distance (union-find) until `wanted` speakers remain or,
    /// when `wanted` is `nil`, until the distance threshold; outlier clusters (under
    /// `minimumSpeakerShare`) are then dissolved into the nearest speaker.
    private func cut(_ vectors: [[Float]], merges: [(a: Int, b: Int, distance: Float)], wanted: Int?) -> [Int] {
        let count = vectors.count
        var parent = Array(0..<count)
        func root(_ node: Int) -> Int {
            var node = node
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        var size = [Int](repeating: 1, count: count)
        // Clusters with fewer members than this are outliers (a cough, a short overlap, a
        // window mostly of silence): they never count as speakers and end in the nearest one.
        let minimumSize = max(2, Int((minimumSpeakerShare * Double(count)).rounded()))
        var large = 0
        for merge in merges {
            let a = root(merge.a), b = root(merge.b)
            guard a != b else { continue }
            let bothLarge = size[a] >= minimumSize && size[b] >= minimumSize
            if let wanted {
                if bothLarge && large <= wanted { break }
            } else if merge.distance > distanceThreshold && large <= maximumSpeakers {
                break
            }
            let wasLarge = (size[a] >= minimumSize ? 1 : 0) + (size[b] >= minimumSize ? 1 : 0)
            parent[b] = a
            size[a] += size[b]
            large += (size[a] >= minimumSize ? 1 : 0) - wasLarge
        }
        let labels = (0..<count).map(root)
        let speakers = Set(labels.filter { size[$0] >= minimumSize })
        guard !speakers.isEmpty else { return Array(repeating: 0, count: count) }
        return Self.reassign(vectors, labels: labels, allowed: speakers)
    }

    /// Normalised mean embedding of each label.
    static func centroids(_ vectors: [[Float]], labels: [Int]) -> [(key: Int, value: [Float])] {
        var sums: [Int: [Float]] = [:]
        for (vector, label) in zip(vectors, labels) {
            var sum = sums[label] ?? [Float](repeating: 0, count: vector.count)
            for index in sum.indices { sum[index] += vector[index] }
            sums[label] = sum
        }
        return sums.mapValues(SpeakerEncoder.normalised).sorted { $0.key < $1.key }
    }

    /// Every embedding moved to the cluster whose (normalised) centroid is most similar,
    /// among the `allowed` clusters (all when `nil`).
    static func reassign(_ vectors: [[Float]], labels: [Int], allowed: Set<Int>?) -> [Int] {
        var sums: [Int: [Float]] = [:]
        for (vector, label) in zip(vectors, labels) where allowed?.contains(label) ?? true {
            var sum = sums[label] ?? [Float](repeating: 0, count: vector.count)
            for index in sum.indices { sum[index] += vector[index] }
            sums[label] = sum
        }
        let centroids = sums.mapValues(SpeakerEncoder.normalised).sorted { $0.key < $1.key }
        return vectors.map { vector in
            centroids.max { SpeakerEncoder.cosineSimilarity(vector, $0.value) < SpeakerEncoder.cosineSimilarity(vector, $1.value) }!.key
        }
    }

    /// Labels renumbered 0, 1, ... in order of first appearance.
    static func ordered(_ labels: [Int]) -> [Int] {
        var names: [Int: Int] = [:]
        return labels.map { label in
            if let name = names[label] { return name }
            names[label] = names.count
            return names.count - 1
        }
    }

    /// The average-linkage dendrogram as merges sorted by distance (nearest-neighbour chain;
    /// average linkage is reducible, so sorting the chain's merges gives the same hierarchy).
    static func averageLinkage(_ vectors: [[Float]]) -> [(a: Int, b: Int, distance: Float)] {
        let n = vectors.count
        var distance = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                var dot: Float = 0
                for k in vectors[i].indices { dot += vectors[i][k] * vectors[j][k] }
                distance[i * n + j] = 1 - dot
                distance[j * n + i] = 1 - dot
            }
        }
        var size = [Int](repeating: 1, count: n)
        var active = [Bool](repeating: true, count: n)
        var merges: [(a: Int, b: Int, distance: Float)] = []
        var chain: [Int] = []
        var remaining = n
        while remaining > 1 {
            if chain.isEmpty { chain.append(active.firstIndex(of: true)!) }
            let current = chain[chain.count - 1]
            let previous = chain.count > 1 ? chain[chain.count - 2] : -1
            // Nearest active neighbour, preferring the previous chain element on ties.
            var nearest = previous, best = previous >= 0 ? distance[current * n + previous] : Float.infinity
            for other in 0..<n where active[other] && other != current && distance[current * n + other] < best {
                best = distance[current * n + other]
                nearest = other
            }
            if nearest == previous {
                chain.removeLast(2)
                let (keep, drop) = (min(current, previous), max(current, previous))
                merges.append((keep, drop, best))
                for other in 0..<n where active[other] && other != keep && other != drop {
                    let merged =
                        (Float(size[keep]) * distance[keep * n + other] + Float(size[drop]) * distance[drop * n + other])
                        / Float(size[keep] + size[drop])
                    distance[keep * n + other] = merged
                    distance[other * n + keep] = merged
                }
                size[keep] += size[drop]
                active[drop] = false
                remaining -= 1
            } else {
                chain.append(nearest)
            }
        }
        // Merges refer to the cluster kept (its lowest original index); union-find in distance
        // order rebuilds the same clusters.
        return merges.sorted { $0.distance < $1.distance }
    }
}
