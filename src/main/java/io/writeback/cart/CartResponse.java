package io.writeback.cart;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A cart's answer: status, headers (names compared without case) and body as text. */
public record CartResponse(int statusCode, Map<String, String> headers, String body) {

    public CartResponse {
        Map<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) -> {
            if (name != null && value != null) {
                caseless.put(name, value);
            }
        });
        headers = caseless;
        body = body == null ? "" : body;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }
}
