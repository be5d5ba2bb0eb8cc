package dev.baton.command;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/**
 * A duration option (`--timeout 10m`) as picocli parses it: the value, and the words the operator typed (what
 * a command says back: "timed out after 10m"). The converters check it while the line is parsed, so a
 * meaningless value ends the parse, one line and exit 2, before the command starts: `watch: --timeout: must be
 * more than 0, got 0s` ({@link Commands#parseError}).
 */
public record DurationOption(Duration value, String text) {
    @Override
    public String toString() {
        return text;
    }

    /** The key Config's messages start with, cut off here: the parse error names the option itself. */
    private static final String KEY = "value";

    private static DurationOption checked(String text, boolean positive) {
        try {
            return new DurationOption(positive ? Config.positive(text, null, KEY) : Config.duration(text, null, KEY), text.strip());
        } catch (Config.ConfigException e) {
            String m = e.getMessage();
            throw new TypeConversionException(m.startsWith(KEY + ": ") ? m.substring(KEY.length() + 2) : m);
        }
    }

    /** More than zero: a timeout, a look-back, an interval. */
    public static final class Positive implements ITypeConverter<DurationOption> {
        @Override
        public DurationOption convert(String text) {
            return checked(text, true);
        }
    }

    /** Zero or more: a gap between dispatches. */
    public static final class NotNegative implements ITypeConverter<DurationOption> {
        @Override
        public DurationOption convert(String text) {
            return checked(text, false);
        }
    }
}
