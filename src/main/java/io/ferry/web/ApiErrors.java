package io.ferry.web;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns API errors into {@code application/problem+json} (RFC 9457) bodies that name the offending field, so a
 * client can tell which value to fix. It answers for the API controllers named here, and for those of the feature
 * packages, which say so with {@link ProblemApi} (naming them here would make the packages a cycle).
 */
@RestControllerAdvice(assignableTypes = {SampleApiController.class, TaskApiController.class},
        annotations = ProblemApi.class)
class ApiErrors {

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors();
        String detail = errors.stream().map(f -> f.getField() + ": " + f.getDefaultMessage())
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
        return problem;
    }

    @ExceptionHandler(RejectedExecutionException.class)
    ProblemDetail rejected(RejectedExecutionException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Not accepted");
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
