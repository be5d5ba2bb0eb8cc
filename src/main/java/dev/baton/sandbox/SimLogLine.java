package dev.baton.sandbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One line of a job log. {@link #format()} gives GitHub's layout: "2026-11-26T14:03:01.1234567Z message". */
public record SimLogLine(Instant at, String text) {
    private static final DateTimeFormatter GITHUB =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    public String format() {
        return GITHUB.format(at) + " " + text;
    }
}
