package dev.baton.model;

import java.time.Instant;

/**
 * Who is connected to a shared baton and what they are doing: idle, in a confirmation dialog (what: "unlock
 * prod"), or running a command (what: its name), since when. session: the session's number in its baton.
 */
public record Presence(long session, String operator, String door, Activity activity, String what, Instant since) {
    public enum Activity { IDLE, DIALOG, RUNNING }
}
