package dev.baton.command;

import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * Every command: it computes a {@link Result}; frontends decide how to show it. Commands never print,
 * except long-running ones that stream lines through {@link FrontendIo#stream(String)}. Each receives the
 * shared parts ({@link Baton}) and its frontend's IO ({@link FrontendIo}).
 */
public abstract class BaseCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output = new OutputOptions();

    protected Baton baton;
    protected FrontendIo io;

    void bind(Baton baton, FrontendIo io) {
        this.baton = baton;
        this.io = io;
    }

    protected boolean json() {
        return output.json(io.jsonByDefault());
    }

    protected abstract Result execute() throws Exception;

    @Override
    public final Integer call() {
        throw new IllegalStateException("commands are run through Commands.execute");
    }
}
