package io.writeback.cart;

import io.writeback.failure.FailureCategory;
import io.writeback.failure.WritebackFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a cart's refusal is about, read from the cart's own words. Carts answer most business errors with one status
 * (400, 422) or one list (Shopify's userErrors); only the message tells whether the items or the order's state are at
 * fault, which decides what an operator must fix. Words match case-insensitively; the first meaning that matches
 * wins.
 */
public final class CartRefusals {

    private record Meaning(FailureCategory category, List<String> words, String hint) {

        boolean matches(String message) {
            String lower = message.toLowerCase(Locale.ROOT);
            return words.stream().anyMatch(lower::contains);
        }
    }

    private final List<Meaning> meanings;

    private CartRefusals(List<Meaning> meanings) {
        this.meanings = List.copyOf(meanings);
    }

    public static CartRefusals reading() {
        return new CartRefusals(List.of());
    }

    /** A refusal that says any of {@code words} is {@code category}. */
    public CartRefusals when(FailureCategory category, List<String> words) {
        return when(category, words, "");
    }

    /** As {@link #when(FailureCategory, List)}, with {@code hint} added to the cart's words for the operator. */
    public CartRefusals when(FailureCategory category, List<String> words, String hint) {
        List<Meaning> more = new ArrayList<>(meanings);
        more.add(new Meaning(category, words, hint));
        return new CartRefusals(more);
    }

    /** The category the cart's message gives, else {@code otherwise}. */
    public FailureCategory categoryOf(String message, FailureCategory otherwise) {
        return meanings.stream().filter(m -> m.matches(message)).map(Meaning::category).findFirst().orElse(otherwise);
    }

    /** A REJECTED failure as its words say (ITEMS_MISMATCH, ALREADY_SHIPPED, …); any other failure as it is. */
    public WritebackFailure reread(WritebackFailure failure) {
        if (failure.getCategory() != FailureCategory.REJECTED) {
            return failure;
        }
        return meanings.stream().filter(m -> m.matches(failure.getReason())).findFirst()
                .map(m -> new WritebackFailure(m.category(), failure.getReason() + m.hint()))
                .orElse(failure);
    }
}
