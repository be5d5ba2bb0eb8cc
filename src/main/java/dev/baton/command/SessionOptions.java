package dev.baton.command;

import java.nio.file.Path;

/** What the command line and environment said about this session, before any connection is made. */
public record SessionOptions(String repo, Path configFile, boolean readOnly, boolean jsonByDefault, boolean interactive) {
}
