package dev.baton.serve;

import dev.baton.command.Operator;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The SSH door (Apache MINA SSHD): public keys from the authorized-keys file and nothing else - no password,
 * no keyboard-interactive, no host-based or GSSAPI login, no port, agent or X11 forwarding, no subsystem (so no
 * SFTP or SCP), session channels only. A shell with a pty gets the screen, without one a script on stdin; an
 * exec request runs its command line.
 */
public final class SshDoor implements Closeable {
    /** The operator a session authenticated as, set by the key check. */
    static final AttributeRepository.AttributeKey<Operator> OPERATOR = new AttributeRepository.AttributeKey<>();
    /** The key's entry allows a pty (no no-pty, no restrict). */
    static final AttributeRepository.AttributeKey<Boolean> PTY_ALLOWED = new AttributeRepository.AttributeKey<>();
    /** The key's environment="BATON_THEME=..." (a screen's theme unless the client sends its own). */
    static final AttributeRepository.AttributeKey<String> THEME = new AttributeRepository.AttributeKey<>();

    private final Server server;
    private final HostKey hostKey;
    private final AuthorizedKeys keys;
    private SshServer sshd;

    SshDoor(Server server, HostKey hostKey, AuthorizedKeys keys) {
        this.server = server;
        this.hostKey = hostKey;
        this.keys = keys;
    }

    void start(String host, int port) throws IOException {
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost(host);
        s.setPort(port);
        s.setKeyPairProvider(hostKey.provider());
        CoreModuleProperties.AUTH_METHODS.set(s, "publickey");
        // longer than serve: idle_timeout, so an idle screen is told why by IdleTimeout before SSHD drops it silently
        CoreModuleProperties.IDLE_TIMEOUT.set(s, server.idleLimit().plusMinutes(5));
        CoreModuleProperties.AUTH_TIMEOUT.set(s, Duration.ofSeconds(30));
        s.setPasswordAuthenticator(null);
        s.setKeyboardInteractiveAuthenticator(null);
        s.setGSSAuthenticator(null);
        s.setHostBasedAuthenticator(null);
        s.setPublickeyAuthenticator((user, key, session) -> {
            AuthorizedKeys.Entry e;
            try {
                e = keys.find(key);
            } catch (IOException | RuntimeException ex) {
                server.say("cannot read " + keys.file() + ": " + ex.getMessage() + "; login refused");
                return false;
            }
            if (e == null) {
                server.say("key " + org.apache.sshd.common.config.keys.KeyUtils.getFingerPrint(key) + " from "
                        + session.getClientAddress() + " is not in " + keys.file() + ": refused");
                return false;
            }
            session.setAttribute(OPERATOR, e.operator());
            session.setAttribute(PTY_ALLOWED, e.pty());
            if (e.theme() != null) session.setAttribute(THEME, e.theme());
            return true;
        });
        s.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        s.setAgentFactory(null);
        s.setSubsystemFactories(List.of());
        s.setChannelFactories(List.of(ChannelSessionFactory.INSTANCE));
        s.setShellFactory(channel -> {
            Environment env = channel.getEnvironment();
            boolean pty = hasPty(env) && !Boolean.FALSE.equals(channel.getSession().getAttribute(PTY_ALLOWED));
            return pty ? new ScreenSession(server) : new ExecSession(server, null);
        });
        s.setCommandFactory((channel, command) -> new ExecSession(server, command));
        s.start();
        this.sshd = s;
        LoggerFactory.getLogger(SshDoor.class).info("SSH door on {}:{}", host, s.getPort());
    }

    /** The port listened on (the one asked for, or the one chosen for port 0). */
    public int port() {
        return sshd.getPort();
    }

    public HostKey hostKey() {
        return hostKey;
    }

    /** The client asked for a pty (its request sets TERM and the size). */
    static boolean hasPty(Environment env) {
        var e = env.getEnv();
        return e.containsKey(Environment.ENV_TERM) && e.containsKey(Environment.ENV_COLUMNS);
    }

    @Override
    public void close() throws IOException {
        if (sshd != null) sshd.stop(true);
    }
}
