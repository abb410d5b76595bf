package io.writeback.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The inventory event's contract (README "Inventory events"): what is taken, and each refusal naming its field. */
class InventoryEventParserTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final InventoryEventParser parser = new InventoryEventParser(4096, 3, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void readsAStoresCountAndAnAllStoresOne() {
        InventoryEvent event = parser.parse("""
                {"storeId": "s1", "warehouseId": "WH-A", "countedAt": "2026-12-01T11:30:00+02:00",
                 "quantities": [{"sku": "TEE", "available": 12}, {"sku": "MUG", "available": -2}], "extra": 1}""");
        assertThat(event.storeId()).isEqualTo("s1");
        assertThat(event.countedAt()).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
        assertThat(event.counts()).containsExactly(new InventoryEvent.Count("TEE", 12),
                new InventoryEvent.Count("MUG", -2));
        assertThat(parser.parse("""
                {"allStores": true, "warehouseId": "WH-A", "countedAt": "2026-12-01T09:30:00Z",
                 "quantities": [{"sku": "TEE", "available": 0}]}""").allStores()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"warehouseId\": \"W\", \"countedAt\": \"2026-12-01T09:00:00Z\", \"quantities\": [{\"sku\": \"A\", \"available\": 1}]}|Field 'storeId' is required",
        "{\"storeId\": \"s\", \"allStores\": true, \"warehouseId\": \"W\", \"countedAt\": \"2026-12-01T09:00:00Z\", \"quantities\": [{\"sku\": \"A\", \"available\": 1}]}|exclude each other",
        "{\"storeId\": \"s\", \"countedAt\": \"2026-12-01T09:00:00Z\", \"quantities\": [{\"sku\": \"A\", \"available\": 1}]}|Field 'warehouseId' is required",
        "{\"storeId\": \"s\", \"warehouseId\": \"W\", \"countedAt\": \"2026-12-01 09:00\", \"quantities\": [{\"sku\": \"A\", \"available\": 1}]}|Field 'countedAt' must be an ISO-8601 time",
        "{\"storeId\": \"s\", \"warehouseId\": \"W\", \"countedAt\": \"2027-01-01T09:00:00Z\", \"quantities\": [{\"sku\": \"A\", \"available\": 1}]}|a count from the future",
        "{\"storeId\": \"s\", \"warehouseId\": \"W\", \"countedAt\": \"2026-12-01T09:00:00Z\"}|Field 'quantities' is required",
        "{\"storeId\": \"s\", \"warehouseId\": \"W\", \"countedAt\": \"2026-12-01T09:00:00Z\", \"quantities\": []}|Field 'quantities' is empty",
        "{\"storeId\": \"s\", \"warehouseId\": \"W\", \"countedAt\": \"2026-12-01T09:00:00Z\", \"quantities\": [{\"sku\": \"A\", \"available\": 1}, {\"sku\": \"B\", \"available\": 1}, {\"sku\": \"C\", \"available\": 1}, {\"sku\": \"D\", \"available\": 1}]}|at most 3 are accepted",
        "{\"storeId\": \"s\", \"warehouseId\": \"W\", \"countedAt\": \"2026-12-01T09:00:00Z\", \"quantities\": [{\"available\": 1}]}|Field 'quantities[0].sku' is required",
        "{\"storeId\": \"s\", \"warehouseId\": \"W\", \"countedAt\": \"2026-12-01T09:00:00Z\", \"quantities\": [{\"sku\": \"A\", \"available\": \"7\"}]}|Field 'quantities[0].available' must be an integer",
        "{\"storeId\": \"s\", \"warehouseId\": \"W\", \"countedAt\": \"2026-12-01T09:00:00Z\", \"quantities\": [{\"sku\": \"A\", \"available\": 1.5}]}|Field 'quantities[0].available' must be an integer",
        "{\"storeId\": \"s\", \"warehouseId\": \"W\", \"countedAt\": \"2026-12-01T09:00:00Z\", \"quantities\": [{\"sku\": \"A\", \"available\": 1}, {\"sku\": \"A\", \"available\": 2}]}|repeats SKU \"A\"",
        "[1, 2]|must be a JSON object",
        "{\"storeId\": |not valid JSON"
    })
    void refusesWithAReasonNamingTheField(String body, String reason) {
        assertThatThrownBy(() -> parser.parse(body)).isInstanceOfSatisfying(WritebackFailure.class, failure -> {
            assertThat(failure.getCategory()).isEqualTo(FailureCategory.INVALID_MESSAGE);
            assertThat(failure.getReason()).contains(reason);
        });
    }

    @Test
    void aBodyOverTheLimitIsRefusedUnread() {
        assertThatThrownBy(() -> parser.parse("{\"storeId\": \"" + "x".repeat(5000) + "\"}"))
                .isInstanceOfSatisfying(WritebackFailure.class, failure -> assertThat(failure.getReason())
                        .contains("an inventory event may be at most 4096 bytes"));
    }
}
