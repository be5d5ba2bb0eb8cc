package dev.baton.serve;

import dev.baton.command.Operator;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * What every SSH session of baton has in common: the channel's streams and exit callback as MINA hands them
 * over, one daemon thread that runs the session as its operator, and an interrupt of that thread when the
 * client goes away (a watch or a follow must not outlive it).
 */
abstract class ChannelCommand implements Command {
    protected final Server server;
    protected InputStream in;
    protected OutputStream out;
    protected OutputStream err;
    protected ExitCallback exit;
    private volatile Thread thread;

    ChannelCommand(Server server) {
        this.server = server;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    /** Runs body on the session's thread, named after its operator. */
    protected void spawn(String kind, Operator operator, Runnable body) {
        Thread t = new Thread(body, "baton-ssh-" + kind + (operator == null ? "?" : operator.name()));
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Stops the session's thread (a signal, a kick, the client gone). */
    protected void interrupt() {
        Thread t = thread;
        if (t != null) t.interrupt();
    }

    @Override
    public void destroy(ChannelSession channel) {
        interrupt();
    }
}
