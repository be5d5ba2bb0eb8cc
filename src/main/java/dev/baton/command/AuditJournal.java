package dev.baton.command;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.files.PrivateFiles;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The append-only record of every destructive attempt, refusals included: who (OS user and host), when,
 * what, on what, the state before, the reason given and the outcome. One JSON line each, fsync'd before
 * the command returns, so a record survives a crash right after the action. Never holds a token:
 * anything shaped like a GitHub token, an AWS access key or a bearer credential is redacted from the
 * line before it is written (a reason or a lock body could quote one). Several baton processes may
 * share one journal: each append holds an exclusive file lock. Owner-only (0600; PrivateFiles), its missing folders 0700.
 */
public final class AuditJournal {
    static final String REDACTED = "[REDACTED]";
    private static final Pattern[] SECRETS = {
            Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})"),
            Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"),
            Pattern.compile("(?i)(?<=\\b(?:bearer|token|basic)\\s)[A-Za-z0-9._~+/=-]{12,}"),
            Pattern.compile("(?i)(?<=(?:secret|password|token)[a-z_]{0,20}[=:]\\s?)[^\\s\"'\\\\,;]{8,}"), // not past a JSON escape
    };

    /** File locks are per JVM, not per thread: appends to one file inside this JVM queue here first. */
    private static final Map<Path, Object> IN_PROCESS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final Operator operator;
    private final java.time.Clock clock;

    public AuditJournal(Path file) {
        this(file, null, java.time.Clock.systemUTC());
    }

    /**
     * A journal whose records name the operator of a shared baton's session (null: a local frontend), timed on
     * baton's clock: a record and its ACTION event carry one instant (a demo's are the sandbox's time, not this machine's).
     */
    public AuditJournal(Path file, Operator operator, java.time.Clock clock) {
        this.file = file;
        this.operator = operator;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** operator, door, credential: who of a shared baton's operators acted (absent from a local frontend's records). */
    public record Entry(Instant at, String user, String host, String action, String target, Object before, String reason,
                        String outcome, String detail,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String operator,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String door,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String credential) {
    }

    public Entry append(String action, String target, Object before, String reason, String outcome, String detail) {
        synchronized (IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object())) {
            return appendLocked(action, target, before, reason, outcome, detail);
        }
    }

    private Entry appendLocked(String action, String target, Object before, String reason, String outcome, String detail) {
        Entry e = new Entry(clock.instant(), System.getProperty("user.name", "?"), host(), action, target, before, reason, outcome, detail,
                operator == null ? null : operator.name(), operator == null ? null : operator.door(),
                operator == null ? null : operator.credential());
        byte[] line = (redact(Json.line(e)) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            PrivateFiles.file(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                 var lock = ch.lock()) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) ch.write(buffer);
                ch.force(true);
            }
        } catch (IOException | RuntimeException ex) {
            // the action already happened or was refused; losing its record must at least be loud
            String why = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            throw new IllegalStateException("cannot write the audit journal " + file + ": " + why);
        }
        return e;
    }

    /** Replaces anything shaped like a credential with [REDACTED]. */
    static String redact(String text) {
        String out = text;
        for (Pattern p : SECRETS) out = p.matcher(out).replaceAll(REDACTED);
        return out;
    }

    public List<Map<String, Object>> read(int limit) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.exists(file)) return out;
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String l : lines.subList(Math.max(0, lines.size() - limit), lines.size())) {
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = Json.MAPPER.readValue(l, LinkedHashMap.class);
                out.add(m);
            } catch (IOException ignored) {
                // a torn line: skip it, keep the rest
            }
        }
        return out;
    }

    /** This machine's name as the records give it (public: tests mask it, as it varies by machine). */
    public static String host() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "?";
        }
    }
}
