import Store
import Testing

@Suite struct UserLanguageTests {
    @Test(arguments: [
        ("fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7", UserLanguage.fr),
        ("en-GB,en;q=0.9,fr;q=0.8", .en),
        ("de-DE,de;q=0.9,fr;q=0.5,en;q=0.4", .fr),
        ("en;q=0.3, fr;q=0.6", .fr),
        ("fr;q=0, en", .en),
        ("FR", .fr),
        ("de", .en),
        ("", .en),
    ])
    func prefersTheHighestQuality(header: String, expected: UserLanguage) {
        #expect(UserLanguage(acceptLanguage: header) == expected)
    }

    @Test func absentHeaderIsEnglish() {
        #expect(UserLanguage(acceptLanguage: nil) == .en)
    }
}
