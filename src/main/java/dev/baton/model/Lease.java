package dev.baton.model;

import java.time.Instant;

/**
 * An operator's hold on a mutation's target while they confirm and carry it out (issue 13): a lock, a run, a
 * workflow. target: the key every way of naming it reaches ("lock s3://b/k.tflock", "run 123", "workflow
 * deploy.yml"); label: what people call it ("prod", "run #57"); action: the command ("unlock", "cancel").
 * session: the holder's session in its baton; since: when the confirmation began.
 */
public record Lease(String target, String label, String action, String operator, String door, long session, Instant since) {
}
