package io.writeback.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Every API error is JSON: {"status", "error", "field" (when one is at fault), "message"}. */
@RestControllerAdvice
class ApiErrors {


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

    private static ResponseEntity<ApiError> answer(HttpStatus status, String field, String message) {
        return ResponseEntity.status(status)
                .body(new ApiError(status.value(), status.getReasonPhrase(), field, message));
    }
}
