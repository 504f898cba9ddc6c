package io.ferry.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * A refusal by the security chain (401, 403), written as an {@code application/problem+json} body (RFC 9457) like
 * the API's other errors. The chain answers before Spring MVC runs, so it writes the body itself.
 *
 * @param status what the response says
 * @param title  a short summary
 * @param detail what happened and what to send instead
 */
record SecurityProblem(HttpStatus status, String title, String detail) {

    void send(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JsonMapper.shared().writeValue(response.getOutputStream(), body);
    }
}
