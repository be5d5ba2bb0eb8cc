package dev.baton.command;

import picocli.CommandLine.Option;

/** The options every guarded command shares: confirm without typing, and say why for the audit record. */
public final class GuardOptions {
    @Option(names = "--yes", description = "skip the typed confirmation (required without a terminal)")
    boolean yes;

    @Option(names = "--reason", description = "why, for the audit record")
    String reason;
}
