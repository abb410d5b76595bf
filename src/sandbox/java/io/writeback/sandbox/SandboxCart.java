package io.writeback.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What every sandbox cart account has besides its data: the requests it received (for tests and curious
 * operators) and faults that can be switched on: an outage (503) or rate limiting (the cart's 429 or THROTTLED)
 * for the next N calls, and slow answers.
 */
public abstract class SandboxCart {

    /** A request as the sandbox received it: operation (method + path, or GraphQL operation), body, when. */
    public record Request(String operation, String body, long receivedAtMillis) {
    }

    private final List<Request> requests = new ArrayList<>();
    private int outageRequests;
    private int rateLimitedRequests;
    private static final int MAX_LOGGED_REQUESTS = 10_000;
    private static final long MAX_LOGGED_CHARS = 4L * 1024 * 1024;

    private long loggedChars;
    private Duration latency = Duration.ZERO;
    /** How many more calls are slow; -1 for all. */
    private int slowRequests = -1;

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

    /** Every answer comes this much later (a slow cart); zero for none. */
    public synchronized SandboxCart slow(Duration latency) {
        return slow(latency, -1);
    }

    /**
     * The next {@code requests} calls are processed this much later: longer than the caller's timeout, the cart does
     * what it was asked but its answer never arrives.
     */
    public synchronized SandboxCart slow(Duration latency, int requests) {
        this.latency = latency;
        this.slowRequests = requests;
        return this;
    }

    /** The faults switched on now, for the sandbox API. */
    public synchronized Map<String, Object> faults() {
        return Map.of("outage", outageRequests, "rateLimit", rateLimitedRequests, "latencyMs", latency.toMillis());
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

    /** Records a request, then waits the configured latency before the cart answers it. */
    public void record(String operation, String body) {
        Duration wait;
        synchronized (this) {
            requests.add(new Request(operation, body, System.nanoTime() / 1_000_000));
            loggedChars += body == null ? 0 : body.length();
            // the log is for tests and demos: the latest requests, within a bounded size
            while (requests.size() > MAX_LOGGED_REQUESTS || loggedChars > MAX_LOGGED_CHARS) {
                Request oldest = requests.remove(0);
                loggedChars -= oldest.body() == null ? 0 : oldest.body().length();
            }
            wait = slowRequests == 0 ? Duration.ZERO : latency;
            if (slowRequests > 0) {
                slowRequests--;
            }
        }
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public synchronized boolean takeOutage() {
        return outageRequests > 0 && outageRequests-- > 0;
    }

    public synchronized boolean takeRateLimit() {
        return rateLimitedRequests > 0 && rateLimitedRequests-- > 0;
    }
}
