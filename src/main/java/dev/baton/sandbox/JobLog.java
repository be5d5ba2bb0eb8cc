package dev.baton.sandbox;

import java.time.Instant;

/**
 * Where a job's log lines go: the runner's steps, the Terraform simulation and the job gates all write
 * here, never to each other. Called with the engine lock held.
 */
interface JobLog {
    void append(JobState job, String text);

    /** Appends each line of a block. */
    default void appendAll(JobState job, Iterable<String> lines) {
        for (String l : lines) append(job, l);
    }

    /**
     * The job's own log as GitHub serves it: every line stamped with sim time plus a little jitter, and
     * strictly after the previous line (the log viewer orders by stamp).
     */
    static JobLog of(SimStore store) {
        return new JobLog() {
            private Instant lastLine = Instant.EPOCH;

            @Override
            public void append(JobState job, String text) {
                Instant at = store.now().plusNanos(1000L * store.random.nextInt(900));
                if (!at.isAfter(lastLine)) at = lastLine.plusNanos(1200);
                lastLine = at;
                job.log.add(new SimLogLine(at, text));
                store.changed();
            }
        };
    }
}
