package dev.baton.command;

import dev.baton.github.GitHubException;
import dev.baton.github.GitHubPort;
import dev.baton.github.WorkflowCatalog;
import dev.baton.model.ApiMode;
import dev.baton.model.RateLimit;
import dev.baton.model.Snapshot;
import dev.baton.model.SourceHealth;
import dev.baton.model.Times;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Command(name = "doctor", description = "Check credentials, reachability, API mode, rate limit and permissions")
final class DoctorCommand extends BaseCommand {
    record Check(String name, boolean ok, String detail) {
    }

    @Override
    protected Result execute() {
        List<Check> checks = new ArrayList<>();
        String source = baton.tokenSource();
        checks.add(new Check("github token", !source.equals("none"),
                source.equals("none") ? "none found: set GH_TOKEN or GITHUB_TOKEN, or log in with gh" : "from " + source));
        String repo;
        try {
            repo = baton.repo().toString();
            checks.add(new Check("repository", true, repo));
        } catch (Config.ConfigException e) {
            checks.add(new Check("repository", false, e.getMessage()));
            return done(checks);
        }
        GitHubPort gh = baton.github();
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
                rl.known() ? rl.remaining() + " of " + rl.limit() + " left, resets " + Times.clock(rl.reset()) + " UTC" : "unknown"));
        for (SourceHealth h : s.health().values()) {
            if (h.source().equals("github")) continue;
            checks.add(new Check("locks: " + h.source(), h.healthy(), h.healthy() ? "readable" : h.lastError()));
        }
        if (s.health().size() <= 1) checks.add(new Check("locks", false, "no lock location found (no backend .hcl files, no configured locks)"));
        for (String p : baton.engine().problems()) checks.add(new Check("configuration", false, p));
        return done(checks);
    }

    private Result done(List<Check> checks) {
        boolean ok = checks.stream().allMatch(Check::ok);
        List<List<String>> rows = new ArrayList<>();
        for (Check c : checks) rows.add(Text.row(c.ok() ? "ok  " : "FAIL", c.name(), c.detail()));
        return new Result(ok ? Exit.OK : Exit.BACKEND, Text.table(rows, "").stripTrailing(), Map.of("ok", ok, "checks", checks));
    }
}
