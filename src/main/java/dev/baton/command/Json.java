package dev.baton.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;

import java.io.IOException;

/**
 * The one JSON writer of every command: ISO-8601 times, GitHub's lower-case status words. Strings carry
 * outside text exactly, yet no character a terminal acts on is written raw: besides the C0 controls that
 * JSON escapes itself, DEL, the C1 controls and the bidi controls are written as backslash-u escapes
 * (ESC as {@code \}{@code u001B}, the one-character CSI as {@code \}{@code u009B}). So `-o json` on a
 * terminal is as safe as the text, and still parses back to the very characters of the lock or run.
 */
public final class Json {
    /** Jackson escapes the C0 controls; this adds DEL, C1 and the bidi controls ({@link Text#unsafe}). */
    static final class TerminalSafe extends CharacterEscapes {
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        TerminalSafe() {
            ascii[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch > 0xffff || !Text.unsafe((char) ch)) return null;
            String hex = Integer.toHexString(ch).toUpperCase(java.util.Locale.ROOT);
            return new SerializedString("\\u" + "0".repeat(4 - hex.length()) + hex);
        }
    }

    public static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactory().setCharacterEscapes(new TerminalSafe()))
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule()
                    .addSerializer(RunStatus.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(RunStatus v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(v.api());
                        }
                    })
                    .addSerializer(Conclusion.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Conclusion v, JsonGenerator g, SerializerProvider p) throws IOException {
                            if (v.api() == null) g.writeNull();
                            else g.writeString(v.api());
                        }
                    }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    /** One line of JSON (for JSON-lines streams and -o json). */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            return "{\"error\":\"cannot serialise: " + e.getMessage().replace('"', '\'') + "\"}";
        }
    }

    public static String pretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (IOException e) {
            return line(value);
        }
    }
}
