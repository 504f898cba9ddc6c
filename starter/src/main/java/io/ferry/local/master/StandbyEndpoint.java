package io.ferry.local.master;

import io.ferry.local.http.LoopbackExchange;
import io.ferry.local.http.LoopbackHandler;
import io.ferry.local.http.Responses;
import io.ferry.local.http.RestartableServer;
import java.io.IOException;

/**
 * {@code POST /api/v1/scheduler} of a master that is not the leader (docs/mesos-notes.md §1.2, §1.4): 307 with the
 * leader's address in {@code Location}, protocol-relative ({@code //host:port/api/v1/scheduler}) as Mesos writes
 * it; 503 while no leader is up, as a Mesos master that knows no leader responds.
 */
final class StandbyEndpoint implements LoopbackHandler {

    private final String leaderHost;
    private final RestartableServer leader;

    StandbyEndpoint(String leaderHost, RestartableServer leader) {
        this.leaderHost = leaderHost;
        this.leader = leader;
    }

    @Override
    public void handle(LoopbackExchange exchange) throws IOException {
        try {
            Responses.body(exchange);
            if (!exchange.getRequestMethod().equals("POST")) {
                Responses.methodNotAllowed(exchange, "POST");
            } else if (!leader.running()) {
                Responses.text(exchange, 503, "No leader elected");
            } else {
                // The path as asked (/api/v1/scheduler or /master/api/v1/scheduler), on the leader.
                exchange.getResponseHeaders().set("Location",
                        "//" + leaderHost + ":" + leader.port() + exchange.getRequestURI().getPath());
                Responses.empty(exchange, 307);
            }
        } catch (IOException e) {
            exchange.close();
        }
    }

    @Override
    public boolean mayBlock() {
        return false; // a redirect or a 405, from what the request says
    }
}
