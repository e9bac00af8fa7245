package dev.almanac.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "../../etc/passwd|passwd",
            "..\\..\\windows\\win.ini|win.ini",
            "/etc/shadow|shadow",
            "C:\\Windows\\evil.dll|evil.dll",
            "..%2f..%2fx.txt|..%2f..%2fx.txt",
            "..|file",
            "dir/..|file",
            "'   '|file",
            "''|file",
            "report.pdf|report.pdf"})
    void keepsOnlyTheLastSegment(String given, String expected) {
        assertThat(FileNames.clean(given)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void dropsControlAndBidiCharactersAndCapsTheLength() {
        assertThat(FileNames.clean("nul\u0000byte.txt")).isEqualTo("nulbyte.txt");
        assertThat(FileNames.clean("invoice\u202Egpj.exe")).isEqualTo("invoicegpj.exe");
        assertThat(FileNames.clean("a\r\nb\u0085c")).isEqualTo("abc");
        assertThat(FileNames.clean("é".repeat(300))).hasSize(255);
        assertThat(FileNames.clean("😀".repeat(300)).codePointCount(0, FileNames.clean("😀".repeat(300)).length())).isEqualTo(255);
        assertThat(FileNames.clean(null)).isEqualTo("file");
    }
}
