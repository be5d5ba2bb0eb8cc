package dev.baton.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * GitHub's clock, as its responses' Date headers tell it: the local clock plus the last measured offset.
 * Run times come from GitHub and lock times from the runners, so ages and the stale-lock verdict are
 * computed against GitHub's time: a bastion whose clock is minutes off would otherwise call a fresh lock
 * old (or an old one fresh). Date has a one-second resolution, so offsets within 2 s of the current one
 * are taken as noise and ages do not jitter from poll to poll.
 */
public final class ServerClock extends Clock {
    static final long NOISE_MS = 2000;
    private final Clock local;
    private final ZoneId zone;
    private volatile long offsetMs;

    public ServerClock() {
        this(Clock.systemUTC());
    }

    ServerClock(Clock local) {
        this(local, ZoneOffset.UTC, 0);
    }

    private ServerClock(Clock local, ZoneId zone, long offsetMs) {
        this.local = local;
        this.zone = zone;
        this.offsetMs = offsetMs;
    }

    /** A response's Date header (RFC 1123), received at the local clock's now; anything unparsable is ignored. */
    public void observe(String dateHeader) {
        if (dateHeader == null || dateHeader.isBlank()) return;
        Instant server;
        try {
            server = DateTimeFormatter.RFC_1123_DATE_TIME.parse(dateHeader.trim(), Instant::from);
        } catch (DateTimeParseException e) {
            return;
        }
        // the header says the whole second the server sent it in: half a second is its expected remainder
        long measured = server.toEpochMilli() + 500 - local.millis();
        if (Math.abs(measured) < NOISE_MS) measured = 0;
        if (Math.abs(measured - offsetMs) >= NOISE_MS) offsetMs = measured;
    }

    /** How far GitHub's clock is ahead of this machine's (negative: behind). */
    public Duration offset() {
        return Duration.ofMillis(offsetMs);
    }

    @Override
    public Instant instant() {
        return local.instant().plusMillis(offsetMs);
    }

    @Override
    public long millis() {
        return local.millis() + offsetMs;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** Another zone gets a copy fixed at the current offset (baton itself works in UTC). */
    @Override
    public Clock withZone(ZoneId z) {
        return z.equals(zone) ? this : Clock.offset(Clock.system(z), offset());
    }
}
