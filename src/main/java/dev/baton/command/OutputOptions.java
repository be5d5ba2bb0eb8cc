package dev.baton.command;

import picocli.CommandLine.Option;

/** -o text|json, --json and -h/--help, on every command. */
public final class OutputOptions {
    public enum Format { text, json }

    @Option(names = {"-o", "--output"}, description = "text or json (default: text, or the frontend's)")
    Format format;

    @Option(names = "--json", description = "same as -o json")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this command's usage")
    boolean help;

    boolean json(boolean sessionDefault) {
        if (json) return true;
        if (format != null) return format == Format.json;
        return sessionDefault;
    }
}
