package dev.baton.command;

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

/**
 * The append-only record of every destructive attempt, refusals included: who (OS user and host), when,
 * what, on what, the state before, the reason given and the outcome. One JSON line each, fsync'd before
 * the command returns, so a record survives a crash right after the action. Never holds a token.
 */
public final class AuditJournal {
    private final Path file;

    public AuditJournal(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public record Entry(Instant at, String user, String host, String action, String target, Object before, String reason,
                        String outcome, String detail) {
    }

    public Entry append(String action, String target, Object before, String reason, String outcome, String detail) {
        Entry e = new Entry(Instant.now(), System.getProperty("user.name", "?"), host(), action, target, before, reason, outcome, detail);
        byte[] line = (Json.line(e) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap(line));
                ch.force(true);
            }
        } catch (IOException ex) {
            // the action already happened or was refused; losing its record must at least be loud
            throw new IllegalStateException("cannot write the audit journal " + file + ": " + ex.getMessage());
        }
        return e;
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

    static String host() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "?";
        }
    }
}
