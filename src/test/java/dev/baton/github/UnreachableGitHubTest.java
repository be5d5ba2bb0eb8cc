package dev.baton.github;

import dev.baton.model.RepoRef;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** No HTTP answer at all is said as such: hub4j reports it as "HTTP response code -1, message: 'null'". */
class UnreachableGitHubTest {
    @Test
    void aRefusedConnectionIsSaidInOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        GitHubClient gh = new GitHubClient(new GitHubSettings("http://127.0.0.1:" + port, "ghp_test", RepoRef.parse("acme/app"), null,
                Duration.ofSeconds(2)), d -> { }); // its two retries come at once: the message is what is checked
        GitHubException e = catchThrowableOfType(() -> gh.files(".github/workflows", ".yml"), GitHubException.class); // through hub4j
        assertThat(e.getMessage()).contains("cannot connect").doesNotContain("-1").doesNotContain("null").doesNotContain("\n");
    }
}
