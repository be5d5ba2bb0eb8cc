package dev.baton.command;

import dev.baton.github.GitHubException;
import dev.baton.github.GitHubPort;
import dev.baton.github.RepoAccess;
import dev.baton.github.WorkflowCatalog;
import dev.baton.lock.ProbeReport;
import dev.baton.model.ApiMode;
import dev.baton.model.LockLocation;
import dev.baton.model.RateLimit;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import dev.baton.render.TimeRender;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@Command(name = "doctor", description = "Check the token, the repository and its permissions, the API mode, the rate limit and each lock store (read, and write/delete on a scratch key)")
final class DoctorCommand extends BaseCommand {
    record Check(String name, boolean ok, String detail) {
    }

    @Override
    protected Result execute() {
        List<Check> checks = new ArrayList<>();
        String source = baton.tokenSource();
        checks.add(new Check("github token", !source.equals("none"),
                source.equals("none") ? "none found: set GH_TOKEN or GITHUB_TOKEN, or log in with gh" : "from " + source));
        try {
            baton.repo(); // named: whether it can be read is the next check
        } catch (Config.ConfigException e) {
            checks.add(new Check("repository", false, e.getMessage()));
            return done(checks);
        }
        GitHubPort gh = baton.github();
        RepoAccess access;
        try {
            access = gh.access();
            checks.add(new Check("repository: readable", true, access.fullName() + (access.isPrivate() ? " (private)" : " (public)")));
        } catch (GitHubException e) {
            checks.add(new Check("repository: readable", false, e.getMessage()));
            return done(checks);
        }
        checks.add(dispatchAndCancel(access));
        try {
            gh.recentRuns(1);
            checks.add(new Check("actions: read runs", true, "ok"));
        } catch (GitHubException e) {
            checks.add(new Check("actions: read runs", false, e.getMessage()));
            return done(checks);
        }
        try {
            WorkflowCatalog c = WorkflowCatalog.load(gh);
            checks.add(new Check("contents: read workflows", c.errors().isEmpty(), c.workflows().size() + " workflow files"
                    + (c.errors().isEmpty() ? "" : "; " + String.join("; ", c.errors()))));
        } catch (GitHubException e) {
            checks.add(new Check("contents: read workflows", false, e.getMessage()));
        }
        Snapshot s = baton.engine().pollOnce();
        checks.add(new Check("concurrency groups", s.mode() != ApiMode.UNKNOWN, s.mode() == ApiMode.CONCURRENCY_API
                ? "GitHub's concurrency-groups API" : "API absent: groups resolved from workflow files"));
        RateLimit rl = gh.rateLimit();
        checks.add(new Check("rate limit", !rl.known() || rl.remaining() > rl.limit() / 10,
                rl.known() ? rl.remaining() + " of " + rl.limit() + " left, resets " + TimeRender.utc(rl.reset()) : "unknown"));
        for (SourceHealth h : s.health().values()) {
            if (h.source().equals("github")) continue;
            checks.add(new Check("locks: " + h.source(), h.healthy(), h.healthy() ? "readable" : h.lastError()));
        }
        if (s.health().size() <= 1) {
            boolean unread = baton.engine().problems().stream().anyMatch(p -> p.startsWith("cannot read the backend files"));
            checks.add(new Check("locks", false, unread ? "no lock location known: the backend files could not be read (see configuration)"
                    : "no lock location found (no backend .hcl files, no configured locks)"));
        }
        checks.addAll(writeAndDelete());
        for (String p : baton.engine().problems()) checks.add(new Check("configuration", false, p));
        return done(checks);
    }

    /** Dispatch (rapid-fire, the screen's keys) and cancel need push access; read-only mode needs neither. */
    private Check dispatchAndCancel(RepoAccess a) {
        String name = "actions: dispatch and cancel";
        if (baton.readOnly()) return new Check(name, true, "not needed: read-only mode");
        if (!a.known()) return new Check(name, false, "unknown: GitHub did not say what the token may do in " + a.fullName());
        if (a.push()) return new Check(name, true, (a.admin() ? "admin" : "push") + " access (a fine-grained token also needs Actions: write)");
        return new Check(name, false, "the token has read access only: dispatch and cancel would be refused (403)");
    }

    /**
     * Read access shows in the poll; write and delete only by trying: the scratch-key probe (the one
     * `probe-lock` runs) creates a record beside the real locks, checks the store enforces exclusive
     * creates and conditional deletes, and removes it. Not in read-only mode, which writes nothing.
     */
    private List<Check> writeAndDelete() {
        List<Check> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (LockLocation l : Declared.declaredLocks(baton)) {
            String store = (l.kind() == LockLocation.Kind.S3 ? "s3://" : "dynamodb://") + l.container();
            if (!seen.add(store)) continue;
            String name = "locks: " + store + " write and delete";
            if (baton.readOnly()) {
                out.add(new Check(name, true, "not probed: read-only mode (the probe writes a scratch key)"));
                continue;
            }
            ProbeReport r = baton.probe(l);
            new Guard(baton, io).journal().append("doctor", l.container(), null, null, r.safe() ? "safe" : "unsafe", r.summary());
            String detail = r.safe() ? "create, exclusive create, conditional delete and delete work (scratch key removed)"
                    : String.join("; ", r.notes().isEmpty() ? List.of(r.summary()) : r.notes());
            out.add(new Check(name, r.safe(), detail));
        }
        return out;
    }

    /**
     * The table goes to stdout whatever the outcome, as a report; a failure adds one line for stderr (exit 3),
     * and JSON mode prints the same checks as JSON only.
     */
    /** `doctor --json`. */
    record DoctorView(boolean ok, List<Check> checks) {
    }

    private Result done(List<Check> checks) {
        boolean ok = checks.stream().allMatch(Check::ok);
        List<List<String>> rows = new ArrayList<>();
        for (Check c : checks) rows.add(Text.row(c.ok() ? "ok  " : "FAIL", c.name(), c.detail()));
        String table = Text.table(rows, "").stripTrailing();
        DoctorView json = new DoctorView(ok, checks); // keys in this order: ok, then the checks
        if (ok) return Result.ok(table, json);
        List<String> failed = checks.stream().filter(c -> !c.ok()).map(Check::name).toList();
        return Result.partial(table, json, "doctor: " + failed.size() + " of " + checks.size() + " checks failed: " + String.join(", ", failed));
    }
}
