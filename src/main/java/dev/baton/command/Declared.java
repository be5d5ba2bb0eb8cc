package dev.baton.command;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.LockLocation;
import dev.baton.model.Snapshot;
import dev.baton.model.StateLock;
import dev.baton.watch.EnvironmentSpec;
import dev.baton.watch.LockOwnership;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a name an operator typed is one the repository declares: a concurrency group (in a workflow file,
 * the configuration or an environment; idle or not), an environment, a lock key, prefix or URI of the
 * layout. A name that matches nothing is a usage error (exit 2) with a did-you-mean, so that a script
 * waiting on a mistyped group does not proceed; but only once GitHub (and with it the layout) was read -
 * before that, nobody can tell, and the answer is exit 3.
 */
final class Declared {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{.*?}}");

    private Declared() {
    }

    /** Why the snapshot cannot vouch for a name (GitHub never answered or its last poll failed), or null. */
    static String unread(Snapshot s) {
        if (s.takenAt() == null) return "GitHub not read yet";
        return LockOwnership.githubUnknown(s);
    }

    // ---- groups -----------------------------------------------------------------------------------------

    /** The first group name of names that nothing declares, as the command's error; null when all are declared. */
    static Result checkGroups(String command, Baton baton, Snapshot s, List<String> names) {
        return firstUndeclared(command, s, names, n -> isGroup(baton, s, n), "group '", "no group named '",
                () -> groupNames(baton, s), "; 'groups' lists them");
    }

    /**
     * The one check behind every name a command takes: the first name isDeclared refuses is exit 2 with a
     * did-you-mean from known; exit 3 when GitHub is unread (nobody can vouch for it); null when all pass.
     */
    private static Result firstUndeclared(String command, Snapshot s, List<String> names, java.util.function.Predicate<String> isDeclared,
                                          String checking, String missing, java.util.function.Supplier<java.util.Collection<String>> known,
                                          String hint) {
        for (String n : names) {
            if (isDeclared.test(n)) continue;
            String unread = unread(s);
            if (unread != null) return Result.error(Exit.BACKEND, command + ": cannot check " + checking + n + "': " + unread);
            return Result.error(Exit.USAGE, command + ": " + missing + n + "'" + Names.didYouMean(n, known.get(), hint));
        }
        return null;
    }

    static boolean isGroup(Baton baton, Snapshot s, String name) {
        String key = ConcurrencyGroup.key(name);
        for (ConcurrencyGroup g : s.groups()) {
            if (g.key().equals(key) || g.pattern() && matchesPattern(g.name(), name)) return true;
        }
        return groupNames(baton, s).stream().anyMatch(g -> ConcurrencyGroup.key(g).equals(key));
    }

    /** The pattern group (e.g. "deploy-${{ inputs.environment }}") that stands for name, if one does. */
    static Optional<String> pattern(Snapshot s, String name) {
        return s.groups().stream().filter(g -> g.pattern() && matchesPattern(g.name(), name)).map(ConcurrencyGroup::name).findFirst();
    }

    static boolean matchesPattern(String pattern, String name) {
        StringBuilder re = new StringBuilder();
        int at = 0;
        var m = EXPRESSION.matcher(pattern);
        while (m.find()) {
            re.append(Pattern.quote(pattern.substring(at, m.start()))).append(".+");
            at = m.end();
        }
        re.append(Pattern.quote(pattern.substring(at)));
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(name).matches();
    }

    /** Every group name declared or seen (not the patterns), for a did-you-mean. */
    static List<String> groupNames(Baton baton, Snapshot s) {
        Set<String> out = new LinkedHashSet<>();
        for (ConcurrencyGroup g : s.groups()) if (!g.pattern()) out.add(g.name());
        Config.Repository rc = baton.repoConfig();
        if (rc != null && rc.groups() != null) out.addAll(rc.groups());
        for (EnvironmentSpec e : environments(baton)) out.addAll(e.groups());
        return List.copyOf(out);
    }

    // ---- lock targets -----------------------------------------------------------------------------------

    /** The first lock target that names nothing the layout declares or the stores hold, as the error; else null. */
    static Result checkLockTargets(String command, Baton baton, Snapshot s, List<String> targets) {
        return firstUndeclared(command, s, targets, t -> isLockTarget(baton, s, t), "'", "no environment, lock key or lock URI named '",
                () -> lockNames(baton, s), "; 'locks' lists the locks held, 'status' the environments");
    }

    static boolean isLockTarget(Baton baton, Snapshot s, String target) {
        if (!LockTargets.match(s, target).isEmpty()) return true;
        String t = target.toLowerCase(Locale.ROOT);
        String bare = t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
        List<LockLocation> declared = declaredLocks(baton);
        if (t.startsWith("s3://") || t.startsWith("dynamodb://")) {
            LockLocation loc;
            try {
                loc = LockTargets.parseUri(target);
            } catch (IllegalArgumentException e) {
                return false;
            }
            // a lock (held or not) in a bucket or table the layout watches
            List<LockLocation> known = new ArrayList<>(declared);
            for (StateLock l : s.locks()) known.add(l.location());
            return known.stream().anyMatch(k -> k.kind() == loc.kind() && k.container().equals(loc.container()));
        }
        for (EnvironmentSpec e : environments(baton)) if (e.name().toLowerCase(Locale.ROOT).equals(bare)) return true;
        for (LockLocation l : declared) {
            String key = l.key().toLowerCase(Locale.ROOT);
            if (key.equals(t) || key.startsWith(bare + "/")) return true;
        }
        return false;
    }

    /** The location to probe for a target that names an environment or a declared lock with none held now. */
    static Optional<LockLocation> declaredLock(Baton baton, String target) {
        String t = target.toLowerCase(Locale.ROOT);
        String bare = t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
        for (EnvironmentSpec e : environments(baton)) {
            if (!e.name().toLowerCase(Locale.ROOT).equals(bare)) continue;
            for (String uri : e.locks()) {
                try {
                    return Optional.of(LockTargets.parseUri(uri));
                } catch (IllegalArgumentException ignored) {
                    // the layout reports it as a problem
                }
            }
        }
        for (LockLocation l : declaredLocks(baton)) {
            String key = l.key().toLowerCase(Locale.ROOT);
            if (key.equals(t) || key.startsWith(bare + "/")) return Optional.of(l);
        }
        return Optional.empty();
    }

    /** Every lock location the layout declares (each environment's lock URIs). */
    static List<LockLocation> declaredLocks(Baton baton) {
        List<LockLocation> out = new ArrayList<>();
        for (EnvironmentSpec e : environments(baton)) {
            for (String uri : e.locks()) {
                try {
                    out.add(LockTargets.parseUri(uri));
                } catch (IllegalArgumentException ignored) {
                    // the layout reports it as a problem
                }
            }
        }
        return out;
    }

    private static List<String> lockNames(Baton baton, Snapshot s) {
        Set<String> out = new LinkedHashSet<>();
        for (EnvironmentSpec e : environments(baton)) out.add(e.name());
        for (LockLocation l : declaredLocks(baton)) out.add(l.key());
        for (StateLock l : s.locks()) out.add(l.location().key());
        return List.copyOf(out);
    }

    private static List<EnvironmentSpec> environments(Baton baton) {
        return baton.engine().environments();
    }
}
