package io.writeback.store;

import io.writeback.channel.Channel;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The stores of {@code writeback.stores}; each must name its channel and base URL. */
@ConfigurationProperties("writeback")
public class Stores {

    private final Map<String, Store> stores = new TreeMap<>();

    public Stores(Map<String, StoreConfig> stores) {
        (stores == null ? Map.<String, StoreConfig>of() : stores).forEach((id, config) -> {
            if (config.channel() == null) {
                throw new IllegalArgumentException("writeback.stores." + id + ".channel is required: one of "
                        + String.join(", ", java.util.Arrays.stream(Channel.values()).map(Channel::code).toList()));
            }
            if (config.baseUrl() == null) {
                throw new IllegalArgumentException("writeback.stores." + id + ".base-url is required");
            }
            List<String> missing = config.missingSettings();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("writeback.stores." + id + " is a " + config.channel().code()
                        + " store and needs " + String.join(", ", missing.stream()
                        .map(name -> "writeback.stores." + id + "." + name).toList()));
            }
            StoreConfig.RateLimit limit = config.rateLimit();
            if (limit != null && (limit.capacity() != null && limit.capacity() <= 0
                    || limit.perSecond() != null && limit.perSecond() <= 0)) {
                throw new IllegalArgumentException("writeback.stores." + id + ".rate-limit.capacity and per-second"
                        + " must be greater than 0");
            }
            this.stores.put(id, new Store(id, config));
        });
    }

    /** The configured store, if {@code storeId} (which may be null) names one. */
    public Optional<Store> find(String storeId) {
        return storeId == null ? Optional.empty() : Optional.ofNullable(stores.get(storeId));
    }

    public List<Store> all() {
        return stores.values().stream().sorted(Comparator.comparing(Store::id)).toList();
    }
}
