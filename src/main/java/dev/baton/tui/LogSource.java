package dev.baton.tui;

import java.util.List;

/**
 * Where the log pane reads logs from (the lead implements it over the GitHub source). Called off the
 * screen's thread; may block. Lines keep GitHub's timestamp prefix ("2026-01-01T12:00:00.0000000Z ")
 * and ANSI colour codes: the pane strips, shows and colours them itself.
 */
@FunctionalInterface
public interface LogSource {
    /**
     * The lines of one job's log, or of the whole run when jobId is null (finished jobs are readable
     * while the run goes on). Throwing shows the exception's message in the pane, one line.
     */
    List<String> lines(long runId, Long jobId) throws Exception;
}
