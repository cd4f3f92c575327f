import Foundation
import Pseudonymisation

// bench/pseudonymisation: recall and precision of IdentifierDetector on a labelled test set made
// here (see bench/pseudonymisation), and its speed on one hour of interview.

/// SplitMix64: the same test set on every run.
struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func pick<T>(_ values: [T]) -> T { values[int(0..<values.count)] }
    mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }
}

/// A text with the identifiers it holds, by Unicode-scalar offsets.
struct Labelled {
    var text = ""
    var gold: [(start: Int, end: Int, kind: IdentifierKind)] = []
    var length: Int { text.unicodeScalars.count }

    mutating func append(_ piece: String) { text += piece }
    mutating func append(_ piece: String, as kind: IdentifierKind) {
        gold.append((length, length + piece.unicodeScalars.count, kind))
        text += piece
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: PseudonymisationBench GAZETTEER_DIR REFS_DIR [sentences]\n".utf8))
    exit(2)
}
let gazetteerFolder = URL(fileURLWithPath: arguments[1]), refs = URL(fileURLWithPath: arguments[2])
let sentenceCount = arguments.count > 3 ? Int(arguments[3]) ?? 4000 : 4000

func lines(_ name: String) throws -> [String] {
    try String(contentsOf: gazetteerFolder.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map(String.init)
}
func fold(_ text: String) -> String { text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased() }
func plainWord(_ text: String) -> Bool {
    text.count >= 3 && text.first!.isUppercase && text.allSatisfy { $0.isLetter || $0 == "-" }
}

let gazetteer = try Gazetteer.load(from: gazetteerFolder)
let detector = IdentifierDetector(gazetteer: gazetteer)
let firstNames = try lines("first-names.txt").filter(plainWord)
let familyNames = try lines("family-names.txt").filter(plainWord)
let places = try lines("places.txt").filter { $0.count >= 4 && $0.first!.isUppercase && $0.allSatisfy { $0.isLetter || " -'".contains($0) } }
let known = Set((try lines("first-names.txt") + lines("family-names.txt") + lines("places.txt")).map(fold))

// `bench/pseudonymisation 'some text'`: the proposals of that text, to see why a case is missed.
if arguments.count > 3, Int(arguments[3]) == nil {
    for proposal in detector.proposals(in: arguments[3]) {
        print("\(proposal.start)..<\(proposal.end) \(proposal.kind.rawValue): \(proposal.text) (\(proposal.reason))")
    }
    exit(0)
}

var random = Random(state: 20_261_204)

/// Family names outside the gazetteer, as a title brings them ("le docteur Kerhervé").
@MainActor func unlistedSurname() -> String {
    while true {
        let name = random.pick(["Ker", "Mor", "Tré", "Pen", "Gwen", "Ar", "Bel", "Lan", "Plou", "Ros"])
            + random.pick(["hervé", "guennec", "vanec", "illou", "meuric", "zennec", "dilis", "gadec", "bihan", "nédélec"])
        if !known.contains(fold(name)) { return name }
    }
}
@MainActor func digits(_ count: Int) -> String { (0..<count).map { _ in String(random.int(0..<10)) }.joined() }
@MainActor func phone() -> String {
    let body = [String(random.pick([1, 2, 3, 4, 5, 6, 7, 9]))] + (0..<4).map { _ in digits(2) }
    switch random.int(0..<4) {
    case 0: return "0" + body.joined(separator: " ")
    case 1: return "0" + body.joined(separator: ".")
    case 2: return "+33 " + body.joined(separator: " ")
    default: return "0" + body.joined()
    }
}
/// A NIR with its key: 97 minus the 13-digit number modulo 97 (2A as 19, 2B as 18).
@MainActor func nir() -> String {
    let department = random.chance(5) ? random.pick(["2A", "2B"]) : String(format: "%02d", random.int(1..<96))
    let month = String(format: "%02d", random.int(1..<13))
    let parts = [String(random.int(1..<3)), digits(2), month, department, digits(3), digits(3)]
    let number = Int(parts.joined().replacingOccurrences(of: "2A", with: "19").replacingOccurrences(of: "2B", with: "18"))!
    let key = String(format: "%02d", 97 - number % 97)
    return random.chance(50) ? (parts + [key]).joined(separator: " ") : (parts + [key]).joined()
}
@MainActor func email() -> String {
    let first = fold(random.pick(firstNames)).filter(\.isLetter), family = fold(random.pick(familyNames)).filter(\.isLetter)
    let domain = random.pick(["gmail", "orange", "free", "wanadoo", "laposte"])
    let tld = random.pick(["fr", "com", "net"])
    return random.chance(25) ? "\(first) point \(family) arobase \(domain) point \(tld)" : "\(first).\(family)@\(domain).\(tld)"
}
let monthsFR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
@MainActor func birthDateFR() -> String {
    let day = random.int(1..<29), month = random.int(1..<13), year = random.int(1935..<2000)
    return random.chance(50) ? "\(day) \(monthsFR[month - 1]) \(year)" : String(format: "%02d/%02d/%d", day, month, year)
}
@MainActor func institution() -> String {
    switch random.int(0..<5) {
    case 0: return "CHU de \(random.pick(places))"
    case 1: return "hôpital Saint-\(random.pick(firstNames))"
    case 2: return "clinique \(random.pick(familyNames))"
    case 3: return "Institut \(random.pick(familyNames))"
    default: return "centre hospitalier de \(random.pick(places))"
    }
}

/// One sentence of an interview, with or without identifiers.
typealias Template = @MainActor (inout Labelled) -> Void
let templates: [Template] = [
    { $0.append("Alors c'est "); $0.append(random.pick(firstNames), as: .person); $0.append(" qui m'a accompagnée à toutes les séances.") },
    { $0.append("Le docteur "); $0.append(unlistedSurname(), as: .person); $0.append(" m'a expliqué le protocole.") },
    { $0.append("J'ai été opérée au "); $0.append(institution(), as: .institution); $0.append(" au mois de mai.") },
    { $0.append("On habitait à "); $0.append(random.pick(places), as: .place); $0.append(" à l'époque.") },
    { $0.append("Mon mari "); $0.append(random.pick(firstNames), as: .person); $0.append(" ne voulait pas en parler.") },
    { $0.append("Vous pouvez me joindre au "); $0.append(phone(), as: .phone); $0.append(" le matin.") },
    { $0.append("Mon adresse c'est "); $0.append(email(), as: .email); $0.append(".") },
    { $0.append("Mon numéro de sécu, c'est le "); $0.append(nir(), as: .nir); $0.append(".") },
    { $0.append("Je suis née le "); $0.append(birthDateFR(), as: .dateOfBirth); $0.append(", donc j'avais cinquante ans.") },
    { $0.append("\(random.pick(firstNames)) \(random.pick(familyNames))", as: .person); $0.append(" est venue me voir à l'hôpital.") },
    { $0.append("Et puis j'en ai parlé avec "); $0.append("\(random.pick(firstNames)) \(random.pick(familyNames))", as: .person); $0.append(", l'infirmière de coordination.") },
    { $0.append("Ma sœur habite près de "); $0.append(random.pick(places), as: .place); $0.append(".") },
    { $0.append("On m'a transférée vers le "); $0.append(institution(), as: .institution); $0.append(".") },
    { $0.append("Il y avait une dame, "); $0.append(random.pick(firstNames), as: .person); $0.append(", qui faisait la même chimio.") },
    { $0.append("Ma fille "); $0.append(random.pick(firstNames), as: .person); $0.append(" m'appelait tous les soirs.") },
    { $0.append("Le professeur "); $0.append(random.pick(familyNames), as: .person); $0.append(" est très connu.") },
    { $0.append("J'ai rencontré Madame "); $0.append(random.pick(familyNames), as: .person); $0.append(" à la consultation d'annonce.") },
    { $0.append("My oncologist, Doctor "); $0.append(unlistedSurname(), as: .person); $0.append(", was very kind.") },
    { $0.append("I live in "); $0.append(random.pick(places), as: .place); $0.append(" now.") },
    { $0.append("\(random.pick(firstNames)) \(random.pick(familyNames))", as: .person); $0.append(" drove me to every appointment.") },
    { $0.append("Du coup "); $0.append(random.pick(familyNames), as: .person); $0.append(" m'a rappelée le lendemain.") },
]
/// Harder sentences: names with no title or kinship word, at the start of a sentence, places with
/// no preposition, centres named without their kind. Their recall is also printed apart.
let hardTemplates: [Template] = [
    { $0.append(random.pick(firstNames), as: .person); $0.append(", elle, elle a tout de suite compris.") },
    { $0.append("Avec "); $0.append(random.pick(firstNames), as: .person); $0.append(" on se voyait le mercredi.") },
    { $0.append(random.pick(places), as: .place); $0.append(", c'est pas la porte à côté.") },
    { $0.append("Le petit "); $0.append(random.pick(firstNames), as: .person); $0.append(" avait six ans.") },
    { $0.append(random.pick(familyNames), as: .person); $0.append(", le chirurgien, il est direct.") },
    { $0.append("Chez les "); $0.append(random.pick(familyNames), as: .person); $0.append(", on mangeait tard.") },
    { $0.append("J'étais suivie à "); $0.append(random.pick(["Curie", "Gustave Roussy", "la Pitié", "Bergonié", "Léon Bérard"]), as: .institution); $0.append(" depuis le début.") },
    { $0.append("Bon, "); $0.append("\(random.pick(firstNames)) \(random.pick(familyNames))", as: .person); $0.append(", vous voyez qui c'est ?") },
    { $0.append("On allait souvent à "); $0.append(random.pick(places), as: .place); $0.append(" le dimanche.") },
    { $0.append("Après, "); $0.append(random.pick(firstNames), as: .person); $0.append(" et moi on a arrêté de se voir.") },
]
/// Sentences without identifiers: capitalised words that are not names, dates that are not births.
let ordinary = [
    "La chimio a commencé en janvier, juste après Noël.", "J'ai pris du Taxotère puis de l'Herceptin pendant un an.",
    "À l'hôpital de jour, les infirmières étaient formidables.", "Le centre de radiothérapie était loin de chez nous.",
    "La CPAM a mis trois mois à rembourser.", "En France on a de la chance avec la Sécurité sociale.",
    "Je priais Dieu tous les soirs.", "C'était un lundi, je m'en souviens.", "On a eu le résultat le 12 mars 2019.",
    "J'ai fait douze séances de radiothérapie et trois cures.", "Mon oncologue m'a dit que la tumeur avait diminué.",
    "Le Covid a tout compliqué.", "Oui. Bon. Voilà, c'est ça.", "Pierre qui roule n'amasse pas mousse, disait ma mère.",
    "L'Institut national du cancer publie des guides.", "Euh, je sais plus, c'était en 2018 ou en 2019.",
    "Les résultats du scanner étaient bons.", "Mon médecin traitant m'a envoyée chez le spécialiste.",
    "I was scared, to be honest.", "The nurses were lovely, all of them.",
]
/// The samples' reference sentences; the one LibriSpeech sentence names a person ("Mr. Quilter").
var references: [Labelled] = []
for name in [
    "fr_commonvoice_picovoice_test_fr.txt", "fr_picovoice_cheetah_test_fr_norm.txt", "en_jfk_inaugural.txt",
    "en_librispeech_2412-153948-0000.txt", "en_librispeech_1272-128104-0000_picovoice.txt", "en_stereo_2spk_faster-whisper.txt",
] {
    var text = try String(contentsOf: refs.appendingPathComponent(name), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    if name.hasPrefix("en_stereo") { text = text.split(separator: "\n").map { String($0.dropFirst(3)) }.joined(separator: " ") }
    var labelled = Labelled()
    if let range = text.range(of: "Quilter") {
        labelled.append(String(text[..<range.lowerBound]))
        labelled.append("Quilter", as: .person)
        labelled.append(String(text[range.upperBound...]))
    } else {
        labelled.append(text)
    }
    references.append(labelled)
}

// The test set: segments of two to five sentences, a third of them without identifiers.
var segments: [Labelled] = []
var hardGold: Set<String> = []
var made = 0
while made < sentenceCount {
    var segment = Labelled()
    for index in 0..<random.int(2..<6) {
        if index > 0 { segment.append(" ") }
        let roll = random.int(0..<100)
        if roll < 45 {
            random.pick(templates)(&segment)
        } else if roll < 60 {
            let first = segment.gold.count
            random.pick(hardTemplates)(&segment)
            hardGold.formUnion(segment.gold[first...].map { "\(segments.count)|\($0.start)" })
        } else if roll < 92 {
            segment.append(random.pick(ordinary))
        } else {
            let reference = random.pick(references)
            for gold in reference.gold { segment.gold.append((gold.start + segment.length, gold.end + segment.length, gold.kind)) }
            segment.append(reference.text)
        }
        made += 1
    }
    segments.append(segment)
}

// Recall (a gold span overlapped by a proposal; exact: same bounds) and precision (a proposal that
// overlaps a gold span), per kind.
var goldByKind: [IdentifierKind: (found: Int, exact: Int, total: Int)] = [:]
var proposed = 0, correct = 0
var falsePositives: [String: Int] = [:], misses: [String: Int] = [:]
var hard = (found: 0, total: 0)
for (number, segment) in segments.enumerated() {
    let proposals = detector.proposals(in: segment.text)
    proposed += proposals.count
    for proposal in proposals {
        if segment.gold.contains(where: { $0.start < proposal.end && proposal.start < $0.end }) {
            correct += 1
        } else {
            falsePositives["\(proposal.text) (\(proposal.kind.rawValue): \(proposal.reason))", default: 0] += 1
        }
    }
    let scalars = Array(segment.text.unicodeScalars)
    for gold in segment.gold {
        var entry = goldByKind[gold.kind] ?? (0, 0, 0)
        entry.total += 1
        if proposals.contains(where: { $0.start < gold.end && gold.start < $0.end }) {
            entry.found += 1
        } else {
            misses["\(String(String.UnicodeScalarView(scalars[gold.start..<gold.end]))) (\(gold.kind.rawValue))", default: 0] += 1
            if ProcessInfo.processInfo.environment["VERBOSE"] != nil {
                FileHandle.standardError.write(Data("missed \(gold.kind.rawValue) at \(gold.start) in: \(segment.text)\n".utf8))
            }
        }
        if proposals.contains(where: { $0.start == gold.start && $0.end == gold.end }) { entry.exact += 1 }
        if hardGold.contains("\(number)|\(gold.start)") {
            hard.total += 1
            if proposals.contains(where: { $0.start < gold.end && gold.start < $0.end }) { hard.found += 1 }
        }
        goldByKind[gold.kind] = entry
    }
}
let totalGold = goldByKind.values.reduce(0) { $0 + $1.total }, foundGold = goldByKind.values.reduce(0) { $0 + $1.found }
let recall = Double(foundGold) / Double(max(totalGold, 1)), precision = Double(correct) / Double(max(proposed, 1))
print("test set: \(segments.count) segments, \(made) sentences, \(totalGold) identifiers inserted, seed 20261204")
print(String(format: "recall %.3f (target >= 0.95)   precision %.3f (target >= 0.8)   proposals %d", recall, precision, proposed))
for kind in IdentifierKind.allCases {
    guard let entry = goldByKind[kind] else { continue }
    print(
        String(
            format: "  %-12@ recall %.3f  exact bounds %.3f  (%d of %d)", kind.rawValue as NSString, Double(entry.found) / Double(entry.total),
            Double(entry.exact) / Double(entry.total), entry.found, entry.total))
}
print(String(format: "  harder sentences only (no title, sentence start, no preposition): recall %.3f (%d of %d)",
    Double(hard.found) / Double(max(hard.total, 1)), hard.found, hard.total))
func top(_ counts: [String: Int], _ title: String) {
    let sorted = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(12)
    guard !sorted.isEmpty else { return }
    print("\(title): " + sorted.map { "\($0.key) ×\($0.value)" }.joined(separator: "; "))
}
top(falsePositives, "most frequent wrong proposals")
top(misses, "most frequent misses")

// Speed: one hour of interview (about 9,000 words, 55,000 characters) against folding and splitting
// the same text into words, in the same run; the median of 5 runs each.
var hour = ""
var index = 0
while hour.unicodeScalars.count < 55_000 {
    hour += segments[index % segments.count].text + "\n"
    index += 1
}
func median(_ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.sorted()[2]
}
var sink = 0
let reference = median { sink &+= fold(hour).split(whereSeparator: { !$0.isLetter }).count }
let detection = median { sink &+= detector.proposals(in: hour).count }
print(
    String(
        format: "one hour of interview (%d characters): proposals in %.3f s; folding and splitting it %.4f s; ratio %.1f× (sink %d)",
        hour.unicodeScalars.count, detection, reference, detection / reference, sink % 10))
