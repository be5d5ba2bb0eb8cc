package dev.baton.serve;

import dev.baton.command.Config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code baton serve}'s own options (the global ones, --repo, --config, --read-only, come before the word
 * serve). Defaults: --listen 127.0.0.1:2222, --authorized-keys $XDG_CONFIG_HOME/baton/authorized_keys,
 * --host-key $XDG_STATE_HOME/baton/ssh_host_ed25519_key, --socket $XDG_RUNTIME_DIR/baton/baton.sock
 * (else the state folder's baton.sock), --max-sessions 32.
 */
public record ServeOptions(String host, int port, Path authorizedKeys, Path hostKey, Path socket, int maxSessions, boolean readOnly) {
    public static final String USAGE = "usage: baton [--repo OWNER/NAME] [--config FILE] serve [--listen HOST:PORT] [--authorized-keys FILE]"
            + " [--host-key FILE] [--socket PATH] [--max-sessions N] [--read-only]";

    /** What `baton serve --help` prints: the usage, then each option and its default. */
    public static final String HELP = USAGE + """

            Serve one baton (one engine, one GitHub client, one audit journal) to the incident team.
              --listen HOST:PORT      the SSH door (default 127.0.0.1:2222)
              --authorized-keys FILE  OpenSSH authorized_keys; comment = operator name,
                                      environment="BATON_ROLE=operator" = operator, else viewer
                                      (default $XDG_CONFIG_HOME/baton/authorized_keys)
              --host-key FILE         the server's Ed25519 key, created 0600 on first start
                                      (default $XDG_STATE_HOME/baton/ssh_host_ed25519_key)
              --socket PATH           the local door for `baton attach` (default $XDG_RUNTIME_DIR/baton/baton.sock)
              --max-sessions N        at most N sessions at once (default 32)
              --read-only             nobody may change anything, operators included
            See docs/serve.md.""";

    /** True when the words ask for serve's help rather than a server. */
    public static boolean helpRequested(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    public static ServeOptions parse(List<String> args, Map<String, String> env) {
        String host = "127.0.0.1";
        int port = 2222;
        Path keys = Config.defaultPath(env).resolveSibling("authorized_keys");
        Path hostKey = Config.stateDir(env).resolve("ssh_host_ed25519_key");
        Path socket = defaultSocket(env);
        int max = 32;
        boolean readOnly = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--listen" -> {
                    String v = value(args, ++i, a);
                    int colon = v.lastIndexOf(':');
                    if (colon < 0) throw new IllegalArgumentException("--listen takes HOST:PORT, not '" + v + "'");
                    host = v.substring(0, colon);
                    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
                    port = number(v.substring(colon + 1), a, 0, 65535);
                    if (host.isEmpty()) throw new IllegalArgumentException("--listen takes HOST:PORT, not '" + v + "'");
                }
                case "--authorized-keys" -> keys = Path.of(value(args, ++i, a));
                case "--host-key" -> hostKey = Path.of(value(args, ++i, a));
                case "--socket" -> socket = Path.of(value(args, ++i, a));
                case "--max-sessions" -> max = number(value(args, ++i, a), a, 1, 10_000);
                case "--read-only", "--readonly" -> readOnly = true;
                default -> throw new IllegalArgumentException("unknown option '" + a + "' of serve (" + USAGE + ")");
            }
        }
        return new ServeOptions(host, port, keys, hostKey, socket, max, readOnly);
    }

    /** $XDG_RUNTIME_DIR/baton/baton.sock, else the state folder's baton.sock: where serve listens and attach looks. */
    public static Path defaultSocket(Map<String, String> env) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) return Path.of(runtime, "baton", "baton.sock");
        return Config.stateDir(env).resolve("baton.sock");
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) throw new IllegalArgumentException(option + " needs a value");
        return args.get(i);
    }

    private static int number(String s, String option, int min, int max) {
        try {
            int n = Integer.parseInt(s.strip());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number from " + min + " to " + max + ", not '" + s + "'");
        }
    }
}
