package io.writeback.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * What every sandbox cart account has besides its data: the requests it received (for tests and curious
 * operators) and faults that can be switched on: an outage (503) or rate limiting (429) for the next N calls.
 */
public abstract class SandboxCart {

    /** A request as the sandbox received it: operation (method + path, or GraphQL operation), body, when. */
    public record Request(String operation, String body, long receivedAtMillis) {
    }

    private final List<Request> requests = new ArrayList<>();
    private int outageRequests;
    private int rateLimitedRequests;

    /** The next {@code requests} calls answer 503 (0 ends the outage). */
    public synchronized SandboxCart outage(int requests) {
        this.outageRequests = requests;
        return this;
    }

    /** The next {@code requests} calls are rate limited the cart's way (0 ends it). */
    public synchronized SandboxCart rateLimit(int requests) {
        this.rateLimitedRequests = requests;
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Request> requests(String operation) {
        return requests.stream().filter(r -> r.operation().equals(operation)).toList();
    }

    public synchronized List<Long> requestTimes(String operation) {
        return requests(operation).stream().map(Request::receivedAtMillis).toList();
    }

    public synchronized void record(String operation, String body) {
        if (requests.size() == 10_000) {
            requests.remove(0);
        }
        requests.add(new Request(operation, body, System.nanoTime() / 1_000_000));
    }

    public synchronized boolean takeOutage() {
        return outageRequests > 0 && outageRequests-- > 0;
    }

    public synchronized boolean takeRateLimit() {
        return rateLimitedRequests > 0 && rateLimitedRequests-- > 0;
    }
}
