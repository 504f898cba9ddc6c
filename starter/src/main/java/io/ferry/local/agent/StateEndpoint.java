package io.ferry.local.agent;

import io.ferry.local.http.LoopbackExchange;
import io.ferry.local.http.LoopbackHandler;
import io.ferry.local.http.Responses;
import java.io.IOException;
import java.util.function.Supplier;

/** {@code GET /state} of an agent ({@link AgentStateJson}); 503 while the agent cannot tell its state. */
final class StateEndpoint implements LoopbackHandler {

    private final Supplier<LocalAgent> agent;

    /** @param agent the agent, looked up per request: the endpoint is made before the agent, which needs its port */
    StateEndpoint(Supplier<LocalAgent> agent) {
        this.agent = agent;
    }

    @Override
    public void handle(LoopbackExchange exchange) throws IOException {
        try {
            Responses.body(exchange);
            Responses.json(exchange, agent.get().stateJson());
        } catch (Exception e) {
            Responses.text(exchange, 503, "Agent state unavailable: " + e);
        }
    }
}
