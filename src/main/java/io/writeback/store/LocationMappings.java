package io.writeback.store;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ship-from warehouse → cart location, per store, in SQL, and the warehouses a store leaves out of inventory
 * writeback. A store's configured {@code location-mappings} and {@code inventory-excluded-warehouses} seed the
 * tables the first time the store is seen; after that SQL is the truth and the REST API edits it. The seeding runs
 * once every bean exists and before Camel starts its routes, so no event meets a store whose mappings are not in
 * yet.
 */
@Repository
public class LocationMappings implements SmartInitializingSingleton {

    private final JdbcClient jdbc;
    private final Stores stores;
    private final TransactionTemplate transaction;

    public LocationMappings(JdbcClient jdbc, Stores stores, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Override
    public void afterSingletonsInstantiated() {
        seedFromConfiguration();
    }

    /**
     * Copies each store's configured mappings into the table, once per store whatever the number of instances: the
     * store's seed row is claimed first, so an instance starting at the same moment waits on that claim, then finds
     * the store seeded.
     */
    public void seedFromConfiguration() {
        for (Store store : stores.all()) {
            try {
                transaction.executeWithoutResult(status -> seed(store));
            } catch (DuplicateKeyException seededByAnotherInstance) {
                // its mappings are there (or being committed) as that instance copied them
            }
        }
    }

    private void seed(Store store) {
        boolean seeded = jdbc.sql("SELECT COUNT(*) FROM location_mapping_seed WHERE store_id = ?")
                .param(store.id()).query(Integer.class).single() > 0;
        if (seeded) {
            return;
        }
        jdbc.sql("INSERT INTO location_mapping_seed (store_id, seeded_at) VALUES (?, ?)")
                .params(store.id(), now()).update();
        store.config().locationMappings().forEach((warehouse, location) -> put(store.id(), warehouse, location));
        store.config().inventoryExcludedWarehouses().forEach(warehouse -> excludeFromInventory(store.id(), warehouse,
                true));
    }

    public Optional<String> find(String storeId, String warehouseId) {
        return jdbc.sql("SELECT location_id FROM location_mapping WHERE store_id = ? AND warehouse_id = ?")
                .params(storeId, warehouseId).query(String.class).optional();
    }

    public Map<String, String> forStore(String storeId) {
        Map<String, String> mappings = new LinkedHashMap<>();
        jdbc.sql("SELECT warehouse_id, location_id FROM location_mapping WHERE store_id = ? ORDER BY warehouse_id")
                .param(storeId)
                .query(rs -> { mappings.put(rs.getString(1), rs.getString(2)); });
        return mappings;
    }

    /** When each of the store's warehouses got the location it maps to now. */
    public Map<String, OffsetDateTime> mappedAt(String storeId) {
        Map<String, OffsetDateTime> mappedAt = new LinkedHashMap<>();
        jdbc.sql("SELECT warehouse_id, updated_at FROM location_mapping WHERE store_id = ?").param(storeId)
                .query(rs -> { mappedAt.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class)); });
        return mappedAt;
    }

    @Transactional
    public void put(String storeId, String warehouseId, String locationId) {
        int updated = jdbc.sql("UPDATE location_mapping SET location_id = ?, updated_at = ? "
                        + "WHERE store_id = ? AND warehouse_id = ?")
                .params(locationId, now(), storeId, warehouseId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO location_mapping (store_id, warehouse_id, location_id, updated_at) VALUES (?, ?, ?, ?)")
                    .params(storeId, warehouseId, locationId, now()).update();
        }
    }

    public boolean delete(String storeId, String warehouseId) {
        return jdbc.sql("DELETE FROM location_mapping WHERE store_id = ? AND warehouse_id = ?")
                .params(storeId, warehouseId).update() > 0;
    }

    /** The warehouses whose counts the store leaves out of inventory writeback. */
    public Set<String> excludedFromInventory(String storeId) {
        return new TreeSet<>(jdbc.sql("SELECT warehouse_id FROM inventory_excluded_warehouse WHERE store_id = ?")
                .param(storeId).query(String.class).list());
    }

    /** Leaves the warehouse's counts out of the store's inventory writeback, or takes them in again. */
    @Transactional
    public void excludeFromInventory(String storeId, String warehouseId, boolean excluded) {
        jdbc.sql("DELETE FROM inventory_excluded_warehouse WHERE store_id = ? AND warehouse_id = ?")
                .params(storeId, warehouseId).update();
        if (excluded) {
            jdbc.sql("INSERT INTO inventory_excluded_warehouse (store_id, warehouse_id, updated_at) VALUES (?, ?, ?)")
                    .params(storeId, warehouseId, now()).update();
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
