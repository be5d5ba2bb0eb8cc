package dev.baton.command;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.model.Conclusion;
import dev.baton.model.RunStatus;

import java.io.IOException;

/** The one JSON writer of every command: ISO-8601 times, GitHub's lower-case status words. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
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
