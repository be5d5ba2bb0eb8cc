package dev.baton.model;

import java.time.Instant;

/**
 * Who is connected to a shared baton and what they are doing, since when: idle, in a confirmation dialog (what:
 * "unlock prod"), running a command (what: its name), or on their screen: typing in the command bar, a filter (what:
 * the pane) or a destructive key's reason (what: the command), reading a pop-up (what: its title), answering the quit
 * question. session: the session's number in its baton.
 */
public record Presence(long session, String operator, String door, Activity activity, String what, Instant since) {
    public enum Activity { IDLE, DIALOG, RUNNING, COMMAND, FILTER, REASON, POPUP, QUIT }
}
