package dev.baton.sandbox;

import dev.baton.workflow.QueueMode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The concurrency-group rules alone: who runs, who waits, who is pushed out; the outcomes are recorded, not run. */
class GroupRulesTest {
    private static final Instant T0 = EngineOptions.DEFAULT_START;
    private final SimStore store = new SimStore(EngineOptions.manual(), new SimClock(T0, 0));
    private final GroupRules rules = new GroupRules(store);
    private final List<String> outcomes = new ArrayList<>();
    private final WorkflowDef wf = new WorkflowDef(1, ".github/workflows/deploy.yml", null, null, T0);
    private long nextId = 1;

    GroupRulesTest() {
        rules.outcomes(new GroupRules.Outcomes() {
            @Override
            public void acquired(Member m) {
                outcomes.add("acquired " + m.run.id);
            }

            @Override
            public void evicted(Member m, String annotation) {
                outcomes.add("evicted " + m.run.id + ": " + annotation);
            }

            @Override
            public void cancelRunning(Member m, String annotation) {
                outcomes.add("cancel " + m.run.id);
            }
        });
    }

    private Member enter(String group, QueueMode queue, boolean eligible, boolean cancelInProgress) {
        RunState run = new RunState(nextId++, wf, 1, "workflow_dispatch", "alice", "alice", "abc", "main", "t", Map.of(),
                Map.of(), 0, 0, T0);
        Member m = new Member(run, null, rules.group(group), queue, T0, eligible);
        run.member = m;
        rules.enter(m, cancelInProgress);
        return m;
    }

    private Member enter(String group, QueueMode queue) {
        return enter(group, queue, true, false);
    }

    private static List<Long> pendingIds(GroupState g) {
        return g.pending.stream().map(m -> m.run.id).toList();
    }

    @Test
    void theFirstAcquiresAndQueueSingleReplacesTheOlderPendingOne() {
        Member a = enter("deploy", QueueMode.SINGLE);
        Member b = enter("deploy", QueueMode.SINGLE);
        Member c = enter("deploy", QueueMode.SINGLE);

        assertThat(a.running()).isTrue();
        assertThat(outcomes).containsExactly("acquired 1",
                "evicted 2: Canceling since a higher priority waiting request for 'deploy' exists");
        assertThat(pendingIds(c.group)).containsExactly(3L);
        assertThat(b.run.member).as("the evicted run no longer points at its group").isNull();
    }

    @Test
    void queueMaxKeepsArrivalOrder() {
        Member a = enter("deploy", QueueMode.MAX);
        enter("deploy", QueueMode.MAX);
        enter("deploy", QueueMode.MAX);
        enter("deploy", QueueMode.MAX);
        assertThat(pendingIds(a.group)).containsExactly(2L, 3L, 4L);

        rules.leave(a);
        Member second = a.group.running;
        rules.leave(second);
        rules.leave(a.group.running);

        assertThat(outcomes).containsExactly("acquired 1", "acquired 2", "acquired 3", "acquired 4");
        assertThat(a.group.pending).isEmpty();
    }

    @Test
    void queueMaxCancelsTheNewcomerWhenFullAndKeepsTheOthers() {
        Member first = enter("deploy", QueueMode.MAX);
        for (int i = 0; i < GroupRules.QUEUE_MAX; i++) enter("deploy", QueueMode.MAX);
        outcomes.clear();

        Member extra = enter("deploy", QueueMode.MAX);

        assertThat(outcomes).hasSize(1).allMatch(o -> o.startsWith("evicted " + extra.run.id + ":"));
        assertThat(first.group.pending).hasSize(GroupRules.QUEUE_MAX).doesNotContain(extra);
        assertThat(first.running()).isTrue();
    }

    @Test
    void cancelInProgressCancelsTheRunningOneEvictsThePendingAndWaitsForTheRelease() {
        Member a = enter("deploy", QueueMode.MAX);
        enter("deploy", QueueMode.MAX);
        Member c = enter("deploy", QueueMode.MAX, true, true);

        assertThat(outcomes).containsExactly("acquired 1", "cancel 1",
                "evicted 2: Canceling since a higher priority waiting request for 'deploy' exists");
        assertThat(a.running()).as("the cancelled run holds the group until it ends").isTrue();
        assertThat(pendingIds(a.group)).containsExactly(3L);

        rules.leave(a);
        assertThat(c.running()).isTrue();
    }

    @Test
    void aMemberWaitingForApprovalKeepsItsPlaceButIsPassedOver() {
        Member a = enter("deploy", QueueMode.MAX);
        Member waiting = enter("deploy", QueueMode.MAX, false, false);
        Member ready = enter("deploy", QueueMode.MAX);

        rules.leave(a);
        assertThat(ready.running()).isTrue();
        assertThat(pendingIds(a.group)).containsExactly(waiting.run.id);

        waiting.eligible = true;
        rules.release(a.group);
        assertThat(waiting.running()).as("the group is still held").isFalse();
        rules.leave(ready);
        assertThat(waiting.running()).isTrue();
    }

    @Test
    void namesCompareCaseInsensitivelyAndAnIdleGroupTakesTheNewestSpelling() {
        Member a = enter("Deploy-Prod", QueueMode.SINGLE);
        Member b = enter("deploy-prod", QueueMode.SINGLE);
        assertThat(b.group).isSameAs(a.group);
        assertThat(rules.activeView("DEPLOY-PROD").orElseThrow().name()).isEqualTo("Deploy-Prod");

        rules.leave(a);
        rules.leave(b);
        assertThat(rules.activeView("deploy-prod")).as("no member: inactive, as GitHub's 404").isEmpty();
        enter("DEPLOY-prod", QueueMode.SINGLE);
        assertThat(rules.activeViews()).extracting(SimGroup::name).containsExactly("DEPLOY-prod");
    }
}
