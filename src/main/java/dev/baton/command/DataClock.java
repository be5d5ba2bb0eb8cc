package dev.baton.command;

import dev.baton.github.GitHubClient;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * The clock a {@link Baton}'s data is measured on: the one set (the demo's sandbox time), else GitHub's as its Date
 * headers tell it, else this machine's until GitHub first answers. Asked at every reading, so it follows both.
 */
final class DataClock extends Clock {
    private final Supplier<Clock> set;
    private final Supplier<GitHubClient> github;

    /** set: the clock set, null for none; github: the client if built, else null. Neither may connect anything. */
    DataClock(Supplier<Clock> set, Supplier<GitHubClient> github) {
        this.set = set;
        this.github = github;
    }

    private Clock current() {
        Clock c = set.get();
        if (c != null) return c;
        GitHubClient g = github.get();
        return g != null ? g.clock() : Clock.systemUTC();
    }

    @Override
    public Instant instant() {
        return current().instant();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return current().withZone(zone);
    }
}
