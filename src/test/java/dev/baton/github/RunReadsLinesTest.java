package dev.baton.github;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RunReadsLinesTest {
    @Test
    void githubsByteOrderMarkIsNotPartOfTheFirstLine() throws Exception {
        byte[] log = ("\uFEFF2026-03-10T14:01:01.5406611Z Current runner version\n"
                + "2026-03-10T14:01:02.0000000Z \uFEFFa mark inside a line is the line's own\n").getBytes(StandardCharsets.UTF_8);
        assertThat(RunReads.lines(new ByteArrayInputStream(log))).containsExactly(
                "2026-03-10T14:01:01.5406611Z Current runner version",
                "2026-03-10T14:01:02.0000000Z \uFEFFa mark inside a line is the line's own");
    }

    @Test
    void aLogOfTheMarkAloneHasNoLines() throws Exception {
        assertThat(RunReads.lines(new ByteArrayInputStream("\uFEFF".getBytes(StandardCharsets.UTF_8)))).isEmpty();
    }
}
