package dev.baton.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one Terraform invocation grammar: finds terraform / tofu invocations in a step's run: text (shell,
 * with \ continuations, &&, ;, |), as the command word only (`echo terraform apply` is not one), with its
 * global options (-chdir=DIR), subcommand and the locking flags Terraform understands (-lock=false,
 * -lock-timeout=D). Lint's rules, the layout's -chdir folders and the sandbox's step kinds all read it.
 */
public final class TerraformCommands {
    public static final Set<String> TOOLS = Set.of("terraform", "tofu");
    /** Subcommands that write state and therefore take the lock. */
    public static final Set<String> WRITES_STATE = Set.of("apply", "destroy", "import", "refresh", "taint", "untaint", "state");
    /** Subcommands for which waiting on a held lock matters in a deploy pipeline. */
    public static final Set<String> NEEDS_TIMEOUT = Set.of("apply", "destroy");
    /** Words after which the next word is still a command: wrappers and shell keywords. */
    private static final Set<String> COMMAND_POSITION = Set.of("time", "sudo", "env", "exec", "command", "run", "-E",
            "then", "do", "else", "!", "{", "(");
    private static final Pattern ZERO = Pattern.compile("0+(\\.0+)?[a-z]*");

    private TerraformCommands() {
    }

    /**
     * One invocation: globals are the options before the subcommand (-chdir=DIR); lineOffset is the 0-based
     * line within the run text where it starts.
     */
    public record Command(String tool, List<String> globals, String subcommand, List<String> args, List<String> prefix, String text,
                          int lineOffset) {
        /** The folder of -chdir=DIR, unquoted, or null. */
        public String chdir() {
            for (String g : globals) {
                String x = g.startsWith("--") ? g.substring(1) : g;
                if (x.startsWith("-chdir=")) return unquote(x.substring("-chdir=".length()));
            }
            return null;
        }

        public boolean lockDisabled() {
            for (String a : args) {
                String x = a.startsWith("--") ? a.substring(1) : a;
                if (x.equals("-lock=false") || x.equals("-lock=0")) return true;
            }
            return false;
        }

        /** The -lock-timeout value, or null when absent. */
        public String lockTimeout() {
            for (int i = 0; i < args.size(); i++) {
                String x = args.get(i).startsWith("--") ? args.get(i).substring(1) : args.get(i);
                if (x.startsWith("-lock-timeout=")) return unquote(x.substring("-lock-timeout=".length()));
                if (x.equals("-lock-timeout") && i + 1 < args.size()) return unquote(args.get(i + 1));
            }
            for (String p : prefix) {
                if (p.startsWith("TF_CLI_ARGS") && p.contains("-lock-timeout=")) {
                    return unquote(p.substring(p.indexOf("-lock-timeout=") + 14).split("[\\s\"']")[0]);
                }
            }
            return null;
        }

        public static boolean isZero(String timeout) {
            return timeout != null && ZERO.matcher(timeout.strip().toLowerCase(Locale.ROOT)).matches();
        }

        /** "terraform apply" */
        public String invocation() {
            return tool + " " + subcommand;
        }
    }

    private static String unquote(String s) {
        String t = s.strip();
        if (t.length() >= 2 && (t.startsWith("\"") && t.endsWith("\"") || t.startsWith("'") && t.endsWith("'"))) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    public static List<Command> parse(String run) {
        List<Command> out = new ArrayList<>();
        if (run == null) return out;
        String[] physical = run.split("\n", -1);
        int i = 0;
        while (i < physical.length) {
            int start = i;
            StringBuilder logical = new StringBuilder();
            while (true) {
                String l = physical[i];
                String trimmed = l.stripTrailing();
                if (trimmed.endsWith("\\") && i + 1 < physical.length) {
                    logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    i++;
                } else {
                    logical.append(l);
                    i++;
                    break;
                }
            }
            String line = logical.toString();
            if (line.strip().startsWith("#")) continue;
            for (String segment : segments(line)) {
                Command c = command(segment, physical[start].strip(), start);
                if (c != null) out.add(c);
            }
        }
        return out;
    }

    /** Splits on &&, ||, ;, | outside quotes; a shell comment ends the line. */
    private static List<String> segments(String line) {
        return split(line, true, (l, i) -> {
            char c = l.charAt(i);
            if (c == '#' && (i == 0 || Character.isWhitespace(l.charAt(i - 1)))) return -1;
            boolean separator = c == ';' || c == '|' || (c == '&' && i + 1 < l.length() && l.charAt(i + 1) == '&');
            if (!separator) return 0;
            return i + 1 < l.length() && (l.charAt(i + 1) == '|' || l.charAt(i + 1) == '&') ? 2 : 1;
        });
    }

    /** The words of a segment: split on whitespace outside quotes, quotes kept. */
    private static List<String> tokens(String segment) {
        return split(segment, false, (l, i) -> Character.isWhitespace(l.charAt(i)) ? 1 : 0);
    }

    /** At i outside quotes: the length of a separator there, 0 for none, -1 to stop reading. */
    private interface Separator {
        int at(String s, int i);
    }

    /** The one quote-aware scan behind segments and tokens; keepEmpty keeps the parts between adjacent separators. */
    private static List<String> split(String s, boolean keepEmpty, Separator separator) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int sep = quote != 0 ? 0 : separator.at(s, i);
            if (sep < 0) break;
            if (sep > 0) {
                if (keepEmpty || cur.length() > 0) out.add(cur.toString());
                cur.setLength(0);
                i += sep - 1;
                continue;
            }
            if (quote != 0 && c == quote) quote = 0;
            else if (quote == 0 && (c == '"' || c == '\'')) quote = c;
            cur.append(c);
        }
        if (keepEmpty || cur.length() > 0) out.add(cur.toString());
        return out;
    }

    private static Command command(String segment, String firstLine, int lineOffset) {
        List<String> t = tokens(segment);
        for (int k = 0; k < t.size(); k++) {
            String word = t.get(k);
            while (word.startsWith("(") || word.startsWith("{")) word = word.substring(1); // a subshell or group
            String base = word.substring(word.lastIndexOf('/') + 1);
            if (!TOOLS.contains(base)) continue;
            // only as the command word: after env assignments, wrappers or a shell keyword, not as an argument (echo terraform)
            for (int j = 0; j < k; j++) {
                String p = t.get(j);
                if (!p.contains("=") && !COMMAND_POSITION.contains(p)) return null;
            }
            int s = k + 1;
            while (s < t.size() && t.get(s).startsWith("-")) s++;
            if (s >= t.size()) return null;
            String sub = t.get(s).toLowerCase(Locale.ROOT).replaceAll("[)}]+$", "");
            return new Command(base, List.copyOf(t.subList(k + 1, s)), sub, List.copyOf(t.subList(s + 1, t.size())),
                    List.copyOf(t.subList(0, k)), firstLine, lineOffset);
        }
        return null;
    }
}
