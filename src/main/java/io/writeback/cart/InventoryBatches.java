package io.writeback.cart;

import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import io.writeback.inventory.InventoryLevel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes inventory levels in batches of a cart's size, for carts that refuse a batch as a whole without saying which
 * of its quantities they refused (BigCommerce, Magento): a refused batch is halved and each half sent again, down to
 * the single quantity, so one unknown SKU fails alone instead of with the batch. Only a refusal of the request
 * itself is halved; the cart down, a rate limit or our credentials refused fail the whole write.
 */
public final class InventoryBatches {

    private InventoryBatches() {
    }

    /** The levels {@code write} could not set, each with the cart's refusal. */
    public static Map<InventoryLevel, WritebackFailure> write(List<InventoryLevel> levels, int batchSize,
                                                              Consumer<List<InventoryLevel>> write) {
        Map<InventoryLevel, WritebackFailure> refused = new LinkedHashMap<>();
        for (int from = 0; from < levels.size(); from += batchSize) {
            writeOrHalve(levels.subList(from, Math.min(levels.size(), from + batchSize)), write, refused);
        }
        return refused;
    }

    private static void writeOrHalve(List<InventoryLevel> batch, Consumer<List<InventoryLevel>> write,
                                     Map<InventoryLevel, WritebackFailure> refused) {
        try {
            write.accept(batch);
        } catch (WritebackFailure failure) {
            if (failure.getCategory().isTransient() || failure.getCategory() == FailureCategory.AUTH_FAILED
                    || failure.isOutcomeUnknown()) {
                throw failure;
            }
            if (batch.size() == 1) {
                refused.put(batch.get(0), failure);
                return;
            }
            int half = batch.size() / 2;
            writeOrHalve(batch.subList(0, half), write, refused);
            writeOrHalve(batch.subList(half, batch.size()), write, refused);
        }
    }
}
