package io.writeback.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Every API error is JSON: {"status", "error", "field" (when one is at fault), "message"} (the console has pages). */
@RestControllerAdvice(annotations = RestController.class)
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ApiError(int status, String error, String field, String message) {
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        return answer(e.status(), e.field(), e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        return answer(HttpStatus.BAD_REQUEST, e.getName(), e.getName() + " must be "
                + (e.getRequiredType() == null ? "valid" : "a " + e.getRequiredType().getSimpleName().toLowerCase())
                + ", got \"" + e.getValue() + "\"");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return answer(HttpStatus.BAD_REQUEST, e.getParameterName(), e.getParameterName() + " is required");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().get(mismatch.getPath().size() - 1).getFieldName();
            String expected = mismatch instanceof InvalidFormatException invalid
                    ? invalid.getTargetType().getSimpleName().toLowerCase()
                    : mismatch.getTargetType() == null ? "another type" : mismatch.getTargetType().getSimpleName()
                            .toLowerCase();
            return answer(HttpStatus.BAD_REQUEST, field, field + " must be a " + expected);
        }
        return answer(HttpStatus.BAD_REQUEST, "body", "The request body must be a JSON object");
    }

    /**
     * Anything else: Spring's own errors keep their status (405, 415, …); a database that cannot be reached is 503; a
     * failure inside the app is 500, its details in the log, never in the answer.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        if (e instanceof ErrorResponse known) {
            HttpStatus status = HttpStatus.valueOf(known.getStatusCode().value());
            return answer(status, null, known.getBody().getDetail() == null ? status.getReasonPhrase()
                    : known.getBody().getDetail());
        }
        if (e instanceof DataAccessResourceFailureException || e instanceof CannotCreateTransactionException) {
            log.warn("API request failed: the database cannot be reached ({})", e.getMessage());
            return answer(HttpStatus.SERVICE_UNAVAILABLE, null, "The database cannot be reached right now; nothing"
                    + " was changed. Try again shortly");
        }
        log.error("API request failed inside the app", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, null, "The request failed inside the app; the app's log has"
                + " the details");
    }

    private static ResponseEntity<ApiError> answer(HttpStatus status, String field, String message) {
        return ResponseEntity.status(status)
                .body(new ApiError(status.value(), status.getReasonPhrase(), field, message));
    }
}
