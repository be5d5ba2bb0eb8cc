package dev.baton.watch;

import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.GroupMember;
import dev.baton.model.LockLocation;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import dev.baton.model.StateLock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who could own a lock: the one rule that places a lock in its environment, and the runs of that
 * environment (and of others) that were alive when it was taken. Findings word it, unlock's guard decides
 * on it, and both must agree, or a lock "held by run #1" on screen could be released by its URI.
 *
 * @param environment the owning environment, or null when no rule places the lock
 * @param own         in-progress runs of the environment (its groups or workflows) that started before the lock
 * @param other       in-progress runs of other environments that started before the lock (all of them when
 *                    the environment is unknown)
 * @param holder      of own, the one most likely to hold it: the running member of the environment's group
 * @param holderGroup the group the holder runs in, or null
 * @param created     when the lock was taken (its Created, else the object's time), or null
 */
public record LockOwnership(EnvironmentSpec environment, List<Run> own, List<Run> other, Run holder, String holderGroup,
                            Instant created) {

    /**
     * The environment a lock belongs to, by its location only, so that every way of naming a lock (an
     * environment, a key, a URI, a prefix, the screen) reaches the same one: a lock URI the environment names;
     * a key below a prefix it names ("s3://b/dev/"), or a workspace's copy of its key ("env:/ws/KEY") in the
     * same bucket or table; the label its lock source gave; else a key whose first folder is the
     * environment's name. Null when nothing places it.
     */
    public static EnvironmentSpec environmentOf(LockLocation loc, List<EnvironmentSpec> environments) {
        for (EnvironmentSpec e : environments) if (e.locks().contains(loc.uri())) return e;
        for (EnvironmentSpec e : environments) {
            for (String uri : e.locks()) {
                LockLocation named = parse(uri);
                if (named == null || named.kind() != loc.kind() || !named.container().equals(loc.container()) || named.key().isEmpty()) continue;
                if (uri.endsWith("/") ? loc.key().startsWith(named.key()) : loc.key().endsWith("/" + named.key())) return e;
            }
        }
        if (loc.environment() != null) {
            for (EnvironmentSpec e : environments) if (e.name().equalsIgnoreCase(loc.environment())) return e;
        }
        String key = loc.key().toLowerCase(Locale.ROOT);
        if (loc.kind() == LockLocation.Kind.DYNAMODB) key = key.substring(key.indexOf('/') + 1); // LockID: bucket/key
        for (EnvironmentSpec e : environments) if (key.startsWith(e.name().toLowerCase(Locale.ROOT) + "/")) return e;
        return null;
    }

    /**
     * The folder every one of a repository's keys in one bucket or table lies under ("service-a/" when its
     * states are service-a/dev/... and service-a/prod/...; "" when they share none, as dev/... and prod/... do).
     * A bucket shared by several repositories is listed whole, once, but each repository keeps only the locks
     * under its own folder: service-b's lock is not service-a's to call stale or foreign, nor to release.
     */
    public static String home(List<String> keys) {
        if (keys.isEmpty()) return "";
        String common = keys.get(0);
        for (String k : keys) {
            int i = 0;
            while (i < common.length() && i < k.length() && common.charAt(i) == k.charAt(i)) i++;
            common = common.substring(0, i);
        }
        return common.substring(0, common.lastIndexOf('/') + 1);
    }

    /** Whether a lock lies under a repository's folder, its workspaces' copies ("env:/ws/KEY") too. */
    public static boolean under(String home, LockLocation loc, String workspaceKeyPrefix) {
        if (home.isEmpty()) return true;
        String key = loc.key();
        String table = "";
        if (loc.kind() == LockLocation.Kind.DYNAMODB) { // LockID: bucket/key
            int slash = key.indexOf('/');
            table = key.substring(0, slash + 1);
            key = key.substring(slash + 1);
        }
        String workspaces = (workspaceKeyPrefix == null ? dev.baton.lock.LockScope.DEFAULT_WORKSPACE_KEY_PREFIX : workspaceKeyPrefix) + "/";
        if (key.startsWith(workspaces)) {
            int end = key.indexOf('/', workspaces.length());
            if (end > 0) key = key.substring(end + 1);
        }
        return (table + key).startsWith(home);
    }

    /**
     * The folder of the repository's keys in this lock's bucket or table, from the locks its environments name
     * and any further keys (its backends'); "" (all of it) when there are none there.
     */
    public static String homeOf(LockLocation.Kind kind, String container, List<EnvironmentSpec> environments, List<String> more) {
        List<String> keys = new ArrayList<>(more);
        for (EnvironmentSpec e : environments) {
            for (String uri : e.locks()) {
                LockLocation named = parse(uri);
                if (named != null && named.kind() == kind && named.container().equals(container)) keys.add(named.key());
            }
        }
        return home(keys);
    }

    /** The same, for a lock the environments alone place (unlock's guard). */
    public static String homeOf(LockLocation loc, List<EnvironmentSpec> environments) {
        return homeOf(loc.kind(), loc.container(), environments, List.of());
    }

    /** s3://bucket/key or dynamodb://table/LockID; null for anything else. */
    private static LockLocation parse(String uri) {
        LockLocation.Kind kind = uri.startsWith("s3://") ? LockLocation.Kind.S3 : uri.startsWith("dynamodb://") ? LockLocation.Kind.DYNAMODB : null;
        if (kind == null) return null;
        String rest = uri.substring(uri.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        if (slash <= 0) return null;
        return new LockLocation(kind, rest.substring(0, slash), rest.substring(slash + 1), null, null);
    }

    /** The runs that could own the lock, as the snapshot shows them. */
    public static LockOwnership of(Snapshot s, StateLock lock, List<EnvironmentSpec> environments) {
        EnvironmentSpec env = environmentOf(lock.location(), environments);
        Instant created = lock.takenAt();
        Set<Long> members = new HashSet<>();
        Map<Long, String> running = new LinkedHashMap<>(); // run id -> the environment's group it runs in
        if (env != null) {
            for (ConcurrencyGroup g : s.groups()) {
                if (env.groups().stream().noneMatch(n -> ConcurrencyGroup.key(n).equals(g.key()))) continue;
                g.members().forEach(m -> members.add(m.runId()));
                g.members().stream().filter(GroupMember::running).forEach(m -> running.putIfAbsent(m.runId(), g.name()));
            }
        }
        List<Run> own = new ArrayList<>();
        List<Run> other = new ArrayList<>();
        for (Run r : s.runs()) {
            if (r.status() != RunStatus.IN_PROGRESS) continue;
            Instant started = Stages.started(r);
            if (created != null && started != null && started.isAfter(created.plus(Findings.SKEW))) continue; // started after: cannot own it
            boolean mine = env != null && (members.contains(r.id()) || env.workflows().contains(r.workflowFile()));
            (mine ? own : other).add(r);
        }
        // the group's running member is the one run allowed to hold the lock; with a job-level group another
        // in-progress run of the environment may be newer (its deploy job still pending), and is not the holder
        Run holder = own.stream().max(Comparator.<Run, Boolean>comparing(r -> running.containsKey(r.id()))
                .thenComparing(Stages::started, Comparator.nullsFirst(Comparator.naturalOrder()))).orElse(null);
        return new LockOwnership(env, List.copyOf(own), List.copyOf(other), holder, holder == null ? null : running.get(holder.id()), created);
    }

    /** When a run started its work (its start, else its creation): what decides whether it could have taken a lock. */
    public static Instant started(Run r) {
        return Stages.started(r);
    }

    /**
     * Why the snapshot cannot tell who owns a lock: GitHub was never read, or its last poll failed (its runs
     * are as of then). Null while GitHub answers, or when the snapshot has no GitHub source at all.
     */
    public static String githubUnknown(Snapshot s) {
        SourceHealth gh = s.health().get("github");
        if (gh == null || gh.healthy() && gh.lastOk() != null) return null;
        if (gh.healthy()) return "GitHub not read yet";
        return "GitHub unread since " + dev.baton.model.Times.clock(gh.errorSince()) + " UTC: " + gh.error();
    }
}
