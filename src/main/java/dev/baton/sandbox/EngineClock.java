package dev.baton.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A sandbox engine's time as a java.time.Clock: for its GitHub server, and for a baton (the demo) that reads sim time. */
public final class EngineClock extends Clock {
    private final SimEngine engine;
    private final ZoneId zone;

    public EngineClock(SimEngine engine) {
        this(engine, ZoneOffset.UTC);
    }

    private EngineClock(SimEngine engine, ZoneId zone) {
        this.engine = engine;
        this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        return new EngineClock(engine, z);
    }

    @Override
    public Instant instant() {
        return engine.now();
    }
}
