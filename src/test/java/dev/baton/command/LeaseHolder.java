package dev.baton.command;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A second baton process for the lease tests (a real JVM of its own): takes one lease in a state folder's leases as
 * OPERATOR, says "held" (or who holds it) on stdout, and keeps it until stdin ends; killed, its OS lock dies with it.
 * Usage: LeaseHolder LEASES_DIR OPERATOR ACTION TARGET_KEY LABEL
 */
public final class LeaseHolder {
    private LeaseHolder() {
    }

    public static void main(String[] args) throws IOException {
        Team team = new Team(Clock.systemUTC(), new LeaseFiles(Path.of(args[0])));
        Team.Seat seat = team.visit(args[1], "local");
        var other = seat.acquire(args[2], List.of(new Team.Target(args[3], args[4])));
        System.out.println(other == null ? "held" : "refused: " + dev.baton.render.TeamRender.lease(other));
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes stdin (or kills this process)
        }
        seat.close();
        team.close();
    }
}
