package dev.baton.command;

import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * Every command: it computes a {@link Result}; frontends decide how to show it. Commands never print,
 * except long-running ones that stream lines through {@link Session#stream(String)}.
 */
public abstract class BaseCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output = new OutputOptions();

    protected Session session;

    void bind(Session session) {
        this.session = session;
    }

    protected boolean json() {
        return output.json(session.jsonByDefault());
    }

    protected abstract Result execute() throws Exception;

    @Override
    public final Integer call() {
        throw new IllegalStateException("commands are run through Commands.execute");
    }
}
