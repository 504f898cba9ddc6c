package io.ferry.web.executors;

import io.ferry.sandbox.SandboxFileException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A log the agent could not give, as a problem: 404 when the agent has no such file (an executor that wrote nothing
 * yet, a sandbox already collected), 502 when the agent failed or did not answer (the fault is upstream, not in the
 * request).
 */
@RestControllerAdvice(assignableTypes = ExecutorApiController.class)
class LogReadProblems {

    @ExceptionHandler(SandboxFileException.class)
    ProblemDetail unreadable(SandboxFileException e) {
        HttpStatus status = e.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.BAD_GATEWAY;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(e.notFound() ? "No such file on the agent" : "The agent could not be read");
        return problem;
    }
}
