package dev.baton.command;

import java.nio.file.Path;

/** What the command line and environment said about the shared parts, before any connection is made. */
public record BatonOptions(String repo, Path configFile, boolean readOnly) {
}
