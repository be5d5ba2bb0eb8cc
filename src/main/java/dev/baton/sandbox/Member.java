package dev.baton.sandbox;

import dev.baton.workflow.QueueMode;

import java.time.Instant;

/**
 * A run (workflow-level, job == null) or a job (job-level) in a concurrency group. eligible is false
 * while it waits for an environment approval: it then holds a pending place (and can be evicted) but
 * cannot acquire the group.
 */
final class Member {
    final RunState run;
    final JobState job;
    final GroupState group;
    final QueueMode queue;
    final Instant enteredAt;
    boolean eligible;

    Member(RunState run, JobState job, GroupState group, QueueMode queue, Instant enteredAt, boolean eligible) {
        this.run = run;
        this.job = job;
        this.group = group;
        this.queue = queue;
        this.enteredAt = enteredAt;
        this.eligible = eligible;
    }

    boolean running() {
        return group.running == this;
    }
}
