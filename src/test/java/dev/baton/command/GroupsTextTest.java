package dev.baton.command;

import dev.baton.model.ApiMode;
import dev.baton.model.Conclusion;
import dev.baton.model.ConcurrencyGroup;
import dev.baton.model.GroupMember;
import dev.baton.model.GroupSource;
import dev.baton.model.RateLimit;
import dev.baton.model.RepoRef;
import dev.baton.model.Run;
import dev.baton.model.RunStatus;
import dev.baton.model.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `groups`: a run held for a reviewer reads as waiting for approval of GitHub's environment, not as pending. */
class GroupsTextTest {
    static final Instant T = Instant.parse("2026-03-10T14:05:00Z");

    static Run run(long id, String actor, RunStatus st) {
        return new Run(id, "Deploy", ".github/workflows/deploy-prod.yml", id, 1, "workflow_run", actor, "abcdef0123", "main", "t",
                st, Conclusion.NONE, T.minusSeconds(120), T.minusSeconds(100), T.minusSeconds(60), null);
    }

    @Test
    void aRunHeldForAReviewerWaitsForApprovalOfItsEnvironment() {
        ConcurrencyGroup g = new ConcurrencyGroup("deploy-production", List.of(
                new GroupMember(58, "Deploy", null, null, RunStatus.IN_PROGRESS, 0),
                new GroupMember(59, "Deploy", null, null, RunStatus.PENDING, 1)), null, GroupSource.API, false, List.of("deploy-prod.yml"));
        Snapshot s = new Snapshot(T, new RepoRef("acme", "infra"), ApiMode.CONCURRENCY_API, RateLimit.UNKNOWN,
                List.of(run(58, "dependabot[bot]", RunStatus.IN_PROGRESS), run(59, "alice", RunStatus.WAITING)), List.of(g), List.of(),
                List.of(), List.of(), Map.of(), Map.of(58L, "production-auto", 59L, "production"));

        String text = GroupsCommand.text(s, List.of(g));
        // the rows the screen draws: #59 in place 1, its environment in the ENV column, its state in words
        assertThat(text.lines().filter(l -> l.contains("#59")).toList()).singleElement().satisfies(l -> assertThat(l.trim().split(" +"))
                .containsExactly("1", "#59", "deploy-prod.yml", "abcdef0", "alice", "production", "waiting", "for", "approval", "2m"));
        assertThat(text).contains("1 running, 1 waiting for approval").doesNotContain("pending");
        assertThat(dev.baton.render.GroupRender.view(s, g).members()).extracting(dev.baton.render.GroupRender.MemberView::environment).containsExactly("production-auto", "production");
        assertThat(dev.baton.render.GroupRender.view(s, g).members()).extracting(dev.baton.render.GroupRender.MemberView::runStatus).containsExactly("in_progress", "waiting");
    }
}
