package io.writeback.cart;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request to a cart, as an adapter builds it: method, address (a query, where a cart takes credentials in
 * it, is sent as such but never becomes part of an endpoint URI), the cart's headers and a text body (or none).
 * {@link CartHttp#send} sends it through the channel's {@code cart-http-<channel>} route.
 */
public record CartRequest(String method, URI uri, Map<String, String> headers, String body) {

    public CartRequest {
        headers = Map.copyOf(headers);
    }

    public static CartRequest of(String method, URI uri, String contentType, String body) {
        return new CartRequest(method, uri, Map.of("Content-Type", contentType), body);
    }

    /** The same request with one more header (authentication, most often). */
    public CartRequest header(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new CartRequest(method, uri, more, body);
    }

    /** The same request to another address. */
    public CartRequest at(URI address) {
        return new CartRequest(method, address, headers, body);
    }

    /** Without the header values: they may be credentials. */
    @Override
    public String toString() {
        return "CartRequest[" + method + " " + uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath()
                + ", headers " + headers.keySet() + "]";
    }
}
