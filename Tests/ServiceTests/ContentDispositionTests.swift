import Testing

@testable import Service

@Suite("Content-Disposition of multipart parts")
struct ContentDispositionTests {
    @Test(arguments: [
        (#"form-data; name="file"; filename="interview.mp3""#, "file", "interview.mp3"),
        (#"form-data; name="file"; filename="a;b.wav""#, "file", "a;b.wav"),
        (#"form-data; name="file"; filename="a=b; c.wav"; x="y""#, "file", "a=b; c.wav"),
        (#"form-data; name=file; filename=plain.wav"#, "file", "plain.wav"),
        (#"form-data;name="file";filename="say \"hi\".wav""#, "file", #"say "hi".wav"#),
        (#"form-data; name="file"; filename="/home/lea/P-014.wav""#, "file", "P-014.wav"),
        (#"form-data; name="file"; filename="x.wav"; filename*=UTF-8''%C3%A9t%C3%A9%3B%201.wav"#, "file", "été; 1.wav"),
        (#"form-data; name="file"; filename*=utf-8'fr'entretien%20P-014.wav"#, "file", "entretien P-014.wav"),
        (#"Form-Data; NAME="file"; FILENAME="Upper.wav""#, "file", "Upper.wav"),
    ])
    func readsNameAndFilename(header: String, name: String, filename: String) {
        let disposition = ContentDisposition(header)
        #expect(disposition.type == "form-data")
        #expect(disposition.name == name)
        #expect(disposition.filename == filename)
    }

    @Test func aFieldHasNoFilenameAndOtherCharsetsFallBack() {
        let field = ContentDisposition(#"form-data; name="title""#)
        #expect(field.name == "title")
        #expect(field.filename == nil)
        let latin = ContentDisposition(#"form-data; name="file"; filename="fallback.wav"; filename*=iso-8859-1''%E9t%E9.wav"#)
        #expect(latin.filename == "fallback.wav")
        let malformed = ContentDisposition(#"form-data; ="x"; junk; name="file"; filename="kept.wav""#)
        #expect(malformed.name == "file")
        #expect(malformed.filename == "kept.wav")
    }

    @Test func boundaryMayBeQuotedAndHoldSemicolons() {
        #expect(MultipartFileReader.boundary(contentType: #"multipart/form-data; boundary="a;b c""#) == "a;b c")
        #expect(MultipartFileReader.boundary(contentType: "Multipart/Form-Data; charset=utf-8; boundary=xyz") == "xyz")
        #expect(MultipartFileReader.boundary(contentType: "multipart/form-data") == nil)
    }
}
