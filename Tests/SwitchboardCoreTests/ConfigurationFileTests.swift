import SwitchboardCore
import Testing

@Suite("ConfigurationFile.parse")
struct ConfigurationFileTests {
    static let path = "/etc/switchboard.env"

    static func parse(_ contents: String) throws(ConfigurationError) -> [String: String] {
        try ConfigurationFile.parse(contents, path: path)
    }

    @Test("comments, blank lines, export, quotes and whitespace")
    func fullExample() throws {
        let contents = """
            # Switchboard settings
            SWITCHBOARD_HOST=0.0.0.0

              # indented comment
            \t
            export SWITCHBOARD_PORT=9000
            SWITCHBOARD_JWT_ISSUER="auth example"
            SWITCHBOARD_JWT_AUDIENCE='api'
              SWITCHBOARD_LOG_LEVEL  =  debug\t
            SWITCHBOARD_DATA_DIR=
            """
        #expect(
            try Self.parse(contents) == [
                "SWITCHBOARD_HOST": "0.0.0.0",
                "SWITCHBOARD_PORT": "9000",
                "SWITCHBOARD_JWT_ISSUER": "auth example",
                "SWITCHBOARD_JWT_AUDIENCE": "api",
                "SWITCHBOARD_LOG_LEVEL": "debug",
                "SWITCHBOARD_DATA_DIR": "",
            ])
    }

    @Test("an empty file or one with only comments gives no values")
    func empty() throws {
        #expect(try Self.parse("") == [:])
        #expect(try Self.parse("\n\n# only\n   \n#SWITCHBOARD_PORT=1\n") == [:])
    }

    @Test("the value keeps everything after the first =")
    func equalsInValue() throws {
        #expect(try Self.parse("SWITCHBOARD_JWT_SECRET=abc=def==") == ["SWITCHBOARD_JWT_SECRET": "abc=def=="])
        #expect(try Self.parse("A=x # not a comment") == ["A": "x # not a comment"])
    }

    @Test("quotes are removed only when they match on both ends")
    func quotes() throws {
        #expect(try Self.parse(#"A="x""#) == ["A": "x"])
        #expect(try Self.parse("A='x'") == ["A": "x"])
        #expect(try Self.parse(#"A="""#) == ["A": ""])
        #expect(try Self.parse(#"A="x'"#) == ["A": #""x'"#])
        #expect(try Self.parse(#"A="x"#) == ["A": #""x"#])
        #expect(try Self.parse(#"A=""#) == ["A": #"""#])
        #expect(try Self.parse(#"A=" padded ""#) == ["A": " padded "])
        #expect(try Self.parse(#"A="a"b""#) == ["A": #"a"b"#])
    }

    @Test("a later line wins over an earlier one")
    func lastWins() throws {
        #expect(try Self.parse("A=1\nA=2") == ["A": "2"])
    }

    @Test("a line without = is malformed and the error gives its 1-based number")
    func malformedLineNumber() {
        #expect(throws: ConfigurationError.malformedLine(path: Self.path, line: 1)) { try Self.parse("SWITCHBOARD_PORT") }
        #expect(throws: ConfigurationError.malformedLine(path: Self.path, line: 4)) {
            try Self.parse("# header\nA=1\n\nnot a setting\nB=2")
        }
        #expect(throws: ConfigurationError.malformedLine(path: Self.path, line: 2)) { try Self.parse("A=1\nexport B") }
    }

    @Test("an empty key or a key with a space is malformed")
    func badKeys() {
        #expect(throws: ConfigurationError.malformedLine(path: Self.path, line: 1)) { try Self.parse("=value") }
        #expect(throws: ConfigurationError.malformedLine(path: Self.path, line: 1)) { try Self.parse("  = value") }
        #expect(throws: ConfigurationError.malformedLine(path: Self.path, line: 3)) {
            try Self.parse("A=1\nB=2\nSWITCHBOARD PORT=3")
        }
    }

    @Test("Windows line endings (CRLF) split lines like LF")
    func crlfLineEndings() throws {
        let contents = "# comment\r\nSWITCHBOARD_HOST=0.0.0.0\r\nSWITCHBOARD_PORT=9000\r\n\r\n"
        #expect(try Self.parse(contents) == ["SWITCHBOARD_HOST": "0.0.0.0", "SWITCHBOARD_PORT": "9000"])
    }

    @Test("a malformed line in a CRLF file reports its own line number")
    func crlfMalformedLineNumber() {
        #expect(throws: ConfigurationError.malformedLine(path: Self.path, line: 3)) {
            try Self.parse("A=1\r\nB=2\r\nbroken\r\n")
        }
    }

    @Test("a parsed file feeds the loader")
    func feedsLoader() throws {
        let values = try Self.parse("export SWITCHBOARD_PORT=7000\nSWITCHBOARD_ENV=\"production\"\nSWITCHBOARD_JWT_SECRET='\(validSecret)'\n")
        let configuration = try ConfigurationLoader(environment: [:], file: (Self.path, values)).load()
        #expect(configuration.port == 7000)
        #expect(configuration.environment == .production)
        #expect(configuration.jwtSecret == validSecret)
    }
}
