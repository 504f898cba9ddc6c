package io.ferry.web;

import io.ferry.sandbox.SandboxFileException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns API errors into {@code application/problem+json} (RFC 9457) bodies that name the offending field (or the id
 * not found), so a client can tell which value to fix. Applies to the controllers marked {@link JsonApi}.
 */
@RestControllerAdvice(annotations = JsonApi.class)
class ApiErrors {

    private final MessageSource messages;

    ApiErrors(MessageSource messages) {
        this.messages = messages;
    }

    /**
     * A body or query value that breaks a rule, or does not convert (a query value that is no number): the message
     * is resolved as the pages resolve it (messages.properties words a conversion failure, a rule says its own).
     */
    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors();
        String detail = errors.stream()
                .map(f -> f.getField() + ": " + messages.getMessage(f, LocaleContextHolder.getLocale()))
                .sorted().collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setProperty("fields", errors.stream().map(FieldError::getField).distinct().sorted().toList());
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.stream().map(FieldError::getField).sorted().findFirst().orElseThrow());
        }
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().get(mismatch.getPath().size() - 1).getPropertyName();
            String expected = mismatch.getTargetType() == null ? ""
                    : " (expected " + mismatch.getTargetType().getSimpleName().toLowerCase() + ")";
            return badField(field, field + ": has the wrong type" + expected);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the body is not valid JSON for this request: " + cause.getMessage());
        problem.setTitle("Unreadable request");
        return problem;
    }

    @ExceptionHandler(BadRequestException.class)
    ProblemDetail badRequest(BadRequestException e) {
        return badField(e.field(), e.field() + ": " + e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        problem.setProperty("id", e.id());
        return problem;
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Conflict");
        problem.setProperty("id", e.id());
        return problem;
    }

    @ExceptionHandler(RejectedExecutionException.class)
    ProblemDetail rejected(RejectedExecutionException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Not accepted");
        return problem;
    }

    /**
     * A sandbox file the agent could not give: 404 when the agent has no such file (an executor that wrote nothing
     * yet, a sandbox already collected), 502 when the agent failed or did not answer (the fault is upstream, not in
     * the request).
     */
    @ExceptionHandler(SandboxFileException.class)
    ProblemDetail unreadable(SandboxFileException e) {
        HttpStatus status = e.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.BAD_GATEWAY;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(e.notFound() ? "No such file on the agent" : "The agent could not be read");
        return problem;
    }

    private static ProblemDetail badField(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setProperty("field", field);
        problem.setProperty("fields", List.of(field));
        return problem;
    }
}
