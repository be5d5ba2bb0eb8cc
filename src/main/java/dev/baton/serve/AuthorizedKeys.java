package dev.baton.serve;

import dev.baton.command.Operator;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SSH door's operators, from an OpenSSH authorized_keys file: the key's comment is the operator's name;
 * the option {@code environment="BATON_ROLE=operator"} makes them an operator, any other key is a viewer.
 * The file is read at every login, so an edit applies to the next one. Fails closed: an entry with an option
 * baton does not apply (from=, command=, expiry-time=, cert-authority, ...) is skipped, never half obeyed.
 */
public final class AuthorizedKeys {
    /** Options baton either applies or whose effect it has anyway (it refuses every forwarding). */
    static final Set<String> UNDERSTOOD = Set.of("environment", "restrict", "no-port-forwarding", "no-agent-forwarding",
            "no-x11-forwarding", "no-user-rc", "no-pty");

    /** One usable entry: the key, who it is, whether it may have a screen (no-pty), its screen's theme (or null). */
    public record Entry(PublicKey key, Operator operator, boolean pty, String theme) {
    }

    /** The entries baton can use, and one line for each it skipped. */
    public record Read(List<Entry> entries, List<String> skipped) {
    }

    private final Path file;

    public AuthorizedKeys(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public Read read() throws IOException {
        if (!Files.exists(file)) return new Read(List.of(), List.of(file + ": no such file, nobody can log in"));
        List<Entry> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int line = 0;
        for (AuthorizedKeyEntry e : AuthorizedKeyEntry.readAuthorizedKeys(file)) {
            line++;
            Map<String, String> options = e.getLoginOptions();
            String where = file.getFileName() + " key " + line + (e.getComment() == null ? "" : " (" + e.getComment().strip() + ")");
            List<String> unknown = options.keySet().stream().map(k -> k.toLowerCase(java.util.Locale.ROOT))
                    .filter(k -> !UNDERSTOOD.contains(k)).sorted().toList();
            if (!unknown.isEmpty()) {
                skipped.add(where + ": skipped, baton does not apply the option " + String.join(", ", unknown));
                continue;
            }
            PublicKey key;
            try {
                key = e.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
            } catch (GeneralSecurityException | IOException | RuntimeException ex) {
                skipped.add(where + ": skipped, cannot read the key: " + ex.getMessage());
                continue;
            }
            if (key == null) {
                skipped.add(where + ": skipped, unknown key type " + e.getKeyType());
                continue;
            }
            String fingerprint = KeyUtils.getFingerPrint(key);
            String comment = e.getComment() == null ? "" : e.getComment().strip();
            String name = comment.isEmpty() ? fingerprint : comment.split("\\s+")[0];
            out.add(new Entry(key, new Operator(name, role(options.get("environment")), "ssh", fingerprint),
                    !options.containsKey("no-pty") && !options.containsKey("restrict"), setting(options.get("environment"), "BATON_THEME")));
        }
        return new Read(List.copyOf(out), List.copyOf(skipped));
    }

    /** environment="BATON_ROLE=operator" grants mutations; anything else (or nothing) is a viewer. */
    static Operator.Role role(String environment) {
        return "operator".equals(setting(environment, "BATON_ROLE")) ? Operator.Role.OPERATOR : Operator.Role.VIEWER;
    }

    /** The value of NAME in an environment="NAME=value" option (several options arrive comma-joined), or null. */
    static String setting(String environment, String name) {
        if (environment == null) return null;
        String found = null;
        for (String assignment : environment.split(",")) {
            String a = assignment.strip();
            if (a.startsWith("\"") && a.endsWith("\"") && a.length() >= 2) a = a.substring(1, a.length() - 1);
            if (a.startsWith(name + "=")) found = a.substring(name.length() + 1);
        }
        return found == null || found.isBlank() ? null : found;
    }

    /** The entry of this key, or null when the file does not list it. */
    public Entry find(PublicKey key) throws IOException {
        for (Entry e : read().entries()) {
            if (KeyUtils.compareKeys(e.key(), key)) return e;
        }
        return null;
    }
}
