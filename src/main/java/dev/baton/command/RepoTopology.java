package dev.baton.command;

import dev.baton.github.DeclaredGroup;
import dev.baton.github.GitHubException;
import dev.baton.github.WorkflowCatalog;
import dev.baton.lock.AwsSettings;
import dev.baton.lock.DynamoLockStore;
import dev.baton.lock.LockScope;
import dev.baton.lock.LockStore;
import dev.baton.lock.S3LockStore;
import dev.baton.model.LockLocation;
import dev.baton.model.StateLock;
import dev.baton.watch.EnvironmentSpec;
import dev.baton.watch.LockOwnership;
import dev.baton.watch.LockSource;
import dev.baton.watch.Topology;
import dev.baton.workflow.BackendConfig;
import dev.baton.workflow.BackendParser;
import dev.baton.workflow.JobSpec;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.WorkflowException;
import dev.baton.workflow.WorkflowSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What to watch, from the repository itself and the configuration. With no configuration, a repository
 * laid out like the reference pipeline works: each infrastructure/terraform/backend-ENV.hcl is an
 * environment, the workflows that name that file deploy it, their groups serialize it, and its bucket
 * (and DynamoDB table, if any) holds its locks.
 */
final class RepoTopology implements Topology {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RepoTopology.class);
    static final String DEFAULT_BACKEND_DIR = "infrastructure/terraform";

    private final Baton baton;
    private volatile List<BackendConfig> backends = List.of();

    RepoTopology(Baton baton) {
        this.baton = baton;
    }

    List<BackendConfig> backends() {
        return backends;
    }

    @Override
    public Layout resolve(WorkflowCatalog catalog) {
        List<String> problems = new ArrayList<>();
        Config.Repository rc = baton.repoConfig();
        List<String> dirs = rc != null && rc.backendDirs() != null ? rc.backendDirs() : List.of(DEFAULT_BACKEND_DIR);
        List<BackendConfig> found = new ArrayList<>();
        List<BackendConfig> before = backends.isEmpty() ? rememberedBackends() : backends;
        boolean complete = true;
        for (String dir : dirs) {
            Map<String, String> files;
            try {
                files = baton.github().files(dir, ".hcl");
            } catch (GitHubException e) {
                // one unreadable folder (a 429, a 5xx) must not fail the whole poll and every command with it:
                // its backends as last read, and the problem said where problems are shown (doctor, the screen)
                List<BackendConfig> kept = before.stream().filter(b -> b.file() != null && b.file().startsWith(dir + "/")).toList();
                found.addAll(kept);
                String why = e.getMessage() == null ? "" : e.getMessage().replaceFirst("^files in " + java.util.regex.Pattern.quote(dir) + ": ", "");
                problems.add("cannot read the backend files in " + dir + ": " + why
                        + (kept.isEmpty() ? "" : " (using the " + kept.size() + " read before)"));
                LOG.warn("backend files in {}: {}", dir, e.getMessage());
                complete = false;
                continue;
            }
            files.forEach((path, text) -> {
                try {
                    BackendConfig b = BackendParser.parse(path, text, null);
                    if (b.bucket() != null && b.key() != null) found.add(b);
                } catch (WorkflowException e) {
                    problems.add(e.getMessage());
                }
            });
        }
        backends = List.copyOf(found);

        List<EnvironmentSpec> environments = rc != null && rc.environments() != null && !rc.environments().isEmpty()
                ? configured(rc.environments()) : discovered(catalog, found);
        if (complete) remember(new Remembered(environments, found)); // a layout missing a folder is not one to start from
        return new Layout(environments, lockSources(environments, found, problems), problems, !complete);
    }

    /** What a layout is made of, kept in the state directory so that locks stay in sight while GitHub is down. */
    record Remembered(List<EnvironmentSpec> environments, List<BackendConfig> backends) {
    }

    /**
     * The layout as last resolved from GitHub (else as the configuration declares it), for a start while GitHub
     * does not answer: each source stands alone, and the lock stores can be read without the workflow files.
     */
    @Override
    public Layout remembered() {
        List<String> problems = new ArrayList<>();
        try {
            Path file = memoryFile();
            if (Files.exists(file)) {
                Remembered r = Json.MAPPER.readValue(file.toFile(), Remembered.class);
                backends = List.copyOf(r.backends());
                return new Layout(r.environments(), lockSources(r.environments(), r.backends(), problems), problems);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the remembered layout: {}", e.toString());
        }
        Config.Repository rc = baton.repoConfig();
        if (rc == null || rc.environments() == null || rc.environments().isEmpty()) return Layout.EMPTY;
        List<EnvironmentSpec> envs = configured(rc.environments());
        return new Layout(envs, lockSources(envs, List.of(), problems), problems);
    }

    /** The backends of the remembered layout, or none. */
    private List<BackendConfig> rememberedBackends() {
        try {
            Path file = memoryFile();
            if (Files.exists(file)) return Json.MAPPER.readValue(file.toFile(), Remembered.class).backends();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the remembered layout: {}", e.toString());
        }
        return List.of();
    }

    private void remember(Remembered r) {
        try {
            dev.baton.files.PrivateFiles.replace(memoryFile(), Json.MAPPER.writeValueAsString(r));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot remember the layout: {}", e.toString()); // only a later start without GitHub loses it
        }
    }

    private Path memoryFile() {
        return baton.stateDir().resolve("layouts").resolve(baton.repo().owner() + "_" + baton.repo().name() + ".json");
    }

    private static List<EnvironmentSpec> configured(List<Config.Environment> envs) {
        List<EnvironmentSpec> out = new ArrayList<>();
        int i = 0;
        for (Config.Environment e : envs) {
            out.add(new EnvironmentSpec(e.name(), e.order() != null ? e.order() : i, e.groups(), e.workflows(), e.locks()));
            i++;
        }
        return out;
    }

    private static List<EnvironmentSpec> discovered(WorkflowCatalog catalog, List<BackendConfig> backends) {
        List<EnvironmentSpec> out = new ArrayList<>();
        for (BackendConfig b : backends) {
            String file = b.file().substring(b.file().lastIndexOf('/') + 1);
            Set<String> workflows = new LinkedHashSet<>();
            for (WorkflowSpec w : catalog.workflows().values()) if (mentions(w, file)) workflows.add(w.file());
            Set<String> groups = new LinkedHashSet<>();
            for (DeclaredGroup d : catalog.declaredGroups()) {
                if (!d.pattern() && workflows.contains(d.workflowFile())) groups.add(d.name());
            }
            List<String> locks = new ArrayList<>();
            if (b.useLockfile() || b.dynamodbTable() == null) locks.add("s3://" + b.bucket() + "/" + b.lockKey(null));
            if (b.dynamodbTable() != null) locks.add("dynamodb://" + b.dynamodbTable() + "/" + b.bucket() + "/" + b.key());
            out.add(new EnvironmentSpec(b.environment(), EnvironmentSpec.conventionalOrder(b.environment()),
                    List.copyOf(groups), List.copyOf(workflows), locks));
        }
        return out;
    }

    private static boolean mentions(WorkflowSpec w, String backendFile) {
        for (JobSpec j : w.jobs()) {
            for (StepSpec s : j.steps()) {
                if (s.run() != null && s.run().contains(backendFile)) return true;
                for (String v : s.with().values()) if (v != null && v.contains(backendFile)) return true;
            }
        }
        return false;
    }

    /** One source per bucket and per table, listing everything below it; each lock labelled with its environment. */
    private List<LockSource> lockSources(List<EnvironmentSpec> envs, List<BackendConfig> backends, List<String> problems) {
        Map<String, LockScope> scopes = new LinkedHashMap<>();
        for (BackendConfig b : backends) {
            if (b.useLockfile() || b.dynamodbTable() == null) scopes.putIfAbsent("s3://" + b.bucket(), new LockScope(b.bucket(), "", null, b.workspaceKeyPrefix()));
            if (b.dynamodbTable() != null) scopes.putIfAbsent("dynamodb://" + b.dynamodbTable(), new LockScope(b.dynamodbTable(), "", null, null));
        }
        for (EnvironmentSpec e : envs) {
            for (String uri : e.locks()) {
                try {
                    LockLocation loc = LockTargets.parseUri(uri);
                    String name = (loc.kind() == LockLocation.Kind.S3 ? "s3://" : "dynamodb://") + loc.container();
                    String prefix = uri.endsWith("/") ? loc.key() : "";
                    scopes.putIfAbsent(name, new LockScope(loc.container(), prefix, null, null));
                } catch (IllegalArgumentException ex) {
                    problems.add("environment " + e.name() + ": " + ex.getMessage());
                }
            }
        }
        Map<String, List<String>> backendKeys = new LinkedHashMap<>(); // the backends' keys, per bucket or table
        for (BackendConfig b : backends) {
            if (b.useLockfile() || b.dynamodbTable() == null) backendKeys.computeIfAbsent("s3://" + b.bucket(), k -> new ArrayList<>()).add(b.key());
            if (b.dynamodbTable() != null) backendKeys.computeIfAbsent("dynamodb://" + b.dynamodbTable(), k -> new ArrayList<>()).add(b.bucket() + "/" + b.key());
        }
        List<LockSource> out = new ArrayList<>();
        scopes.forEach((name, scope) -> {
            LockLocation.Kind kind = name.startsWith("s3://") ? LockLocation.Kind.S3 : LockLocation.Kind.DYNAMODB;
            // built on the source's first poll, on the watch's lock thread: the SDK's start-up overlaps GitHub's
            // answers, and a client that cannot be built is that source's error, not the layout's
            String home = LockOwnership.homeOf(kind, scope.container(), envs, backendKeys.getOrDefault(name, List.of()));
            out.add(new LabelledSource(name, () -> store(kind), scope, home, envs,
                    baton.member() || baton.fleetMode() ? baton.shared()::list : LockStore::list));
        });
        return out;
    }


    /**
     * Builds the S3 store on a background thread (the AWS SDK's start-up is the longest step before the
     * first snapshot, and Terraform's state is in S3 almost everywhere), so it is ready when the layout
     * names a bucket. A store that cannot be built is left for the lock source to report.
     */
    @Override
    public void prewarm() {
        Thread t = new Thread(() -> {
            try {
                store(LockLocation.Kind.S3);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RepoTopology.class).debug("S3 client not built ahead: {}", e.toString());
            }
        }, "baton-prewarm");
        t.setDaemon(true);
        t.start();
    }

    /** One client per kind for the whole process: a fleet's repositories share it (FleetShared). */
    LockStore store(LockLocation.Kind kind) {
        return baton.shared().store(kind, () -> {
            AwsSettings aws = AwsSettings.fromEnvironment(baton.env());
            return kind == LockLocation.Kind.S3 ? S3LockStore.create(aws) : DynamoLockStore.create(aws);
        });
    }

    /** lister: how the scope is listed (a fleet member shares one listing of a bucket with the repositories in it). */
    private record LabelledSource(String name, java.util.function.Supplier<LockStore> store, LockScope scope, String home,
                                  List<EnvironmentSpec> envs, java.util.function.BiFunction<LockStore, LockScope, List<StateLock>> lister)
            implements LockSource {
        @Override
        public List<StateLock> list() {
            List<StateLock> out = new ArrayList<>();
            for (StateLock l : lister.apply(store.get(), scope)) {
                LockLocation loc = l.location();
                if (!LockOwnership.under(home, loc, scope.workspaceKeyPrefix())) continue; // another repository's, in a shared bucket
                EnvironmentSpec owner = LockOwnership.environmentOf(loc, envs);
                String env = owner != null ? owner.name() : loc.environment();
                out.add(new StateLock(new LockLocation(loc.kind(), loc.container(), loc.key(), env, loc.workspace()),
                        l.info(), l.rawBody(), l.version(), l.lastModified(), l.error()));
            }
            return out;
        }
    }

}
